import { describe, expect, it } from "vitest";
import { parseScheduleYears } from "../../src/domain/schedule";

const PLAN = { start: 2018, end: 2020 };

describe("parseScheduleYears", () => {
  it.each([
    ["2018, 2019, 2020", [2018, 2019, 2020]],
    ["2018 - 2019", [2018, 2019]],
    ["2018-2020", [2018, 2019, 2020]],
    ["2018 a 2020", [2018, 2019, 2020]],
    ["By the 2nd half of 2018", [2018]],
    ["During 2018", [2018]],
    ["Durante 2019", [2019]],
    ["Before the year's end (2017)", [2017]],
    ["November 2017", [2017]],
    ["Before the year's end; for the start of 2018", [2018]],
  ])("reads %j as %j", (text, years) => {
    expect(parseScheduleYears(text, PLAN)).toEqual(years);
  });

  it("reads 'By 2020' as every year from the plan's start", () => {
    expect(parseScheduleYears("By 2020", PLAN)).toEqual([2018, 2019, 2020]);
    expect(parseScheduleYears("Hasta 2019", PLAN)).toEqual([2018, 2019]);
  });

  it("reads a year-end deadline without a year as the plan's first year", () => {
    expect(parseScheduleYears("Before the year's end", PLAN)).toEqual([2018]);
    expect(parseScheduleYears("Antes de fin de año", PLAN)).toEqual([2018]);
  });

  it("finds no years where none are said", () => {
    expect(parseScheduleYears("The holding of annual extraordinary meetings shall continue.", PLAN)).toEqual([]);
    expect(parseScheduleYears(null, PLAN)).toEqual([]);
    expect(parseScheduleYears("", PLAN)).toEqual([]);
  });

  it("does not explode an absurd range", () => {
    expect(parseScheduleYears("1950-2050")).toEqual([1950, 2050]);
  });
});
