// Prints an ID token of the demo admin (Auth emulator of `npm start`), for curl:
//   TOKEN=$(npm run -s token)
import { demoAdminToken } from "./demo-data.mjs";

console.log(await demoAdminToken());
