import { doneValue, flagIsTrue } from "./recipes";

test("flagIsTrue: boolean true and the string 'true' (any case, trimmed) are done; nothing else is", () => {
  for (const done of [true, "true", "TRUE", "True", " true ", "\ttrue\n"]) expect(flagIsTrue(done)).toBe(true);
  for (const notDone of [false, "false", "FALSE", "", "yes", "1", 1, "t rue", "truee", null, undefined, {}, ["true"]]) {
    expect(flagIsTrue(notDone)).toBe(false);
  }
});

test("doneValue keeps the stored type: a string flag gets 'true', a boolean or missing one true", () => {
  expect(doneValue("false")).toBe("true");
  expect(doneValue("")).toBe("true");
  expect(doneValue(false)).toBe(true);
  expect(doneValue(undefined)).toBe(true);
  expect(doneValue(null)).toBe(true);
  expect(doneValue(0)).toBe(true);
});
