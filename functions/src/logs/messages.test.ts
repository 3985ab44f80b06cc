import { formatElapsed } from "./messages";

test("formatElapsed: seconds with one decimal under a minute, m/s under an hour, h/m beyond", () => {
  expect(formatElapsed(0)).toBe("0.0 s");
  expect(formatElapsed(49)).toBe("0.0 s");
  expect(formatElapsed(3_420)).toBe("3.4 s");
  expect(formatElapsed(59_940)).toBe("59.9 s");
  expect(formatElapsed(59_960)).toBe("1 m 0 s"); // would round to 60.0 s
  expect(formatElapsed(247_000)).toBe("4 m 7 s");
  expect(formatElapsed(3_599_600)).toBe("1 h 0 m"); // would round to 60 m 0 s
  expect(formatElapsed(7_500_000)).toBe("2 h 5 m");
  expect(formatElapsed(-5)).toBe("0.0 s");
  expect(formatElapsed(Number.NaN)).toBe("0.0 s");
});
