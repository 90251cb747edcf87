/**
 * jq's date builtins in UTC (`gmtime`, `mktime`, `strftime`, and `strptime` of jq's own ISO 8601 format), the
 * way jq 1.8.2 computes them; other formats and time zones are left to jq-wasm.
 */
import { JqError, JqUnsupported } from "./errors.js";
import { isNumber, numberValue, type JqValue } from "./value.js";

/** Years the own engine formats and reads: 1000 to 9999 (before 1000 jq's libc formats and counts oddly). */
const MIN_SECONDS = -30610224000; // 1000-01-01T00:00:00Z
const MAX_SECONDS = 253402300799; // 9999-12-31T23:59:59Z

const DAYS = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];
const MONTHS = [
  "January",
  "February",
  "March",
  "April",
  "May",
  "June",
  "July",
  "August",
  "September",
  "October",
  "November",
  "December",
];

/** `gmtime`: [year, month (0–11), day, hours, minutes, seconds with the input's fraction, weekday, day of year]. */
export function gmtime(value: JqValue): JqValue[] {
  if (!isNumber(value)) throw new JqError("gmtime() requires numeric inputs");
  const seconds = numberValue(value);
  if (!Number.isFinite(seconds) || seconds < MIN_SECONDS || seconds > MAX_SECONDS)
    throw new JqUnsupported("gmtime outside years 1000 to 9999");
  // jq truncates to whole seconds toward zero, then adds the fraction above the floor: -0.5 is 00:00:00.5.
  const whole = Math.trunc(seconds);
  const date = new Date(whole * 1000);
  const yearDay = Math.floor((date.getTime() - utc(date.getUTCFullYear(), 0, 1, 0, 0, 0)) / 86400000);
  return [
    date.getUTCFullYear(),
    date.getUTCMonth(),
    date.getUTCDate(),
    date.getUTCHours(),
    date.getUTCMinutes(),
    date.getUTCSeconds() + (seconds - Math.floor(seconds)),
    date.getUTCDay(),
    yearDay,
  ];
}

const INT_MIN = -(2 ** 31);
const INT_MAX = 2 ** 31 - 1;
const toInt = (value: number): number =>
  value < INT_MIN ? INT_MIN : value > INT_MAX ? INT_MAX : Math.trunc(value);

/**
 * The calendar fields of a broken-down time (`gmtime`'s array) as jq's C `struct tm` holds them: the first
 * eight, each cut toward zero to an int (the year as years since 1900), the missing ones 0. Undefined when one
 * is not a number (`what requires parsed datetime inputs`).
 */
function fields(value: readonly JqValue[]): number[] | undefined {
  const numbers: number[] = [];
  for (const item of value.slice(0, 8)) {
    if (!isNumber(item)) return undefined;
    numbers.push(numbers.length === 0 ? 1900 + toInt(numberValue(item) - 1900) : toInt(numberValue(item)));
  }
  while (numbers.length < 8) numbers.push(0);
  return numbers;
}

/** Milliseconds since the epoch of UTC calendar fields (any year: Date.UTC reads 0–99 as 1900–1999). */
function utc(
  year: number,
  month: number,
  day: number,
  hours: number,
  minutes: number,
  seconds: number,
): number {
  const date = new Date(0);
  date.setUTCFullYear(year, month, day);
  date.setUTCHours(hours, minutes, seconds, 0);
  return date.getTime();
}

/** `mktime`: whole seconds since the epoch of a broken-down UTC time, its fields normalized as timegm does. */
export function mktime(value: JqValue): number {
  if (!Array.isArray(value)) throw new JqError("mktime requires array inputs");
  const tm = fields(value);
  if (!tm) throw new JqError("mktime requires parsed datetime inputs");
  const [year, month, day, hours, minutes, seconds] = tm as [number, number, number, number, number, number];
  const result = utc(year, month, day, hours, minutes, seconds) / 1000;
  if (!Number.isFinite(result) || result < MIN_SECONDS || result > MAX_SECONDS)
    throw new JqUnsupported("mktime outside years 1000 to 9999");
  // jq takes timegm's answers -1 and -2 for its failures.
  if (result === -1) throw new JqError("invalid gmtime representation");
  if (result === -2) throw new JqError("mktime not supported on this platform");
  return result;
}

const pad = (value: number, width: number, fill = "0"): string => String(value).padStart(width, fill);

/**
 * `strftime(format)` on seconds or a broken-down time, for the directives whose output is fixed in UTC. jq prints
 * the fields as given (cut to ints, `[2024,1,30]` is "2024-02-30") but takes the weekday and the day of the year
 * from the date they normalize to.
 */
export function strftime(value: JqValue, format: JqValue): string {
  const broken = isNumber(value) ? gmtime(value) : value;
  if (!Array.isArray(broken)) throw new JqError("strftime/1 requires parsed datetime inputs");
  if (typeof format !== "string") throw new JqError("strftime/1 requires a string format");
  const tm = fields(broken);
  if (!tm) throw new JqError("strftime/1 requires parsed datetime inputs");
  const [year, month, day, hours, minutes, seconds] = tm as [number, number, number, number, number, number];
  if (year < 1000 || year > 9999 || month < 0 || month > 11 || day < 0 || day > 31)
    throw new JqUnsupported("strftime of fields outside their ranges");
  if (hours < 0 || hours > 23 || minutes < 0 || minutes > 59 || seconds < 0 || seconds > 60)
    throw new JqUnsupported("strftime of fields outside their ranges");
  const normalized = utc(year, month, day, hours, minutes, seconds) / 1000;
  if (normalized < MIN_SECONDS || normalized > MAX_SECONDS)
    throw new JqUnsupported("strftime of a date outside years 1000 to 9999");
  const calendar = gmtime(normalized) as number[];
  const weekday = calendar[6]!;
  const yearDay = calendar[7]!;
  const hour12 = hours % 12 === 0 ? 12 : hours % 12;
  const directives: Record<string, () => string> = {
    Y: () => pad(year, 4),
    m: () => pad(month + 1, 2),
    d: () => pad(day, 2),
    e: () => pad(day, 2, " "),
    H: () => pad(hours, 2),
    I: () => pad(hour12, 2),
    M: () => pad(minutes, 2),
    S: () => pad(seconds, 2),
    j: () => pad(yearDay + 1, 3),
    y: () => pad(year % 100, 2),
    C: () => pad(Math.floor(year / 100), 2),
    a: () => DAYS[weekday]!.slice(0, 3),
    A: () => DAYS[weekday]!,
    b: () => MONTHS[month]!.slice(0, 3),
    h: () => MONTHS[month]!.slice(0, 3),
    B: () => MONTHS[month]!,
    p: () => (hours < 12 ? "AM" : "PM"),
    u: () => String(weekday === 0 ? 7 : weekday),
    w: () => String(weekday),
    T: () => `${pad(hours, 2)}:${pad(minutes, 2)}:${pad(seconds, 2)}`,
    R: () => `${pad(hours, 2)}:${pad(minutes, 2)}`,
    F: () => `${pad(year, 4)}-${pad(month + 1, 2)}-${pad(day, 2)}`,
    D: () => `${pad(month + 1, 2)}/${pad(day, 2)}/${pad(year % 100, 2)}`,
    c: () =>
      `${DAYS[weekday]!.slice(0, 3)} ${MONTHS[month]!.slice(0, 3)} ${pad(day, 2, " ")} ${pad(hours, 2)}:${pad(minutes, 2)}:${pad(seconds, 2)} ${year}`,
    n: () => "\n",
    t: () => "\t",
    "%": () => "%",
  };
  let out = "";
  for (let i = 0; i < format.length; i++) {
    const char = format[i]!;
    if (char !== "%") {
      out += char;
      continue;
    }
    const directive = directives[format[++i] ?? ""];
    if (!directive) throw new JqUnsupported(`strftime directive %${format[i] ?? ""}`);
    out += directive();
  }
  return out;
}

/** The one format the own engine reads, jq's own (`todate`, `fromdate`). */
const ISO_FORMAT = "%Y-%m-%dT%H:%M:%SZ";
const ISO = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})Z$/;

/** `strptime(format)` for jq's ISO 8601 format; text it may read differently is left to jq-wasm. */
export function strptime(value: JqValue, format: JqValue): JqValue[] {
  if (typeof value !== "string") throw new JqError(`strptime/1 requires string inputs and arguments`);
  if (format !== ISO_FORMAT) throw new JqUnsupported(`strptime with a format other than ${ISO_FORMAT}`);
  const match = ISO.exec(value);
  if (!match) throw new JqUnsupported("strptime of text that is not plainly ISO 8601");
  const [year, month, day, hours, minutes, seconds] = match.slice(1).map(Number) as number[];
  const time = utc(year!, month! - 1, day!, hours!, minutes!, seconds!);
  const date = new Date(time);
  if (
    date.getUTCDate() !== day ||
    date.getUTCMonth() !== month! - 1 ||
    hours! > 23 ||
    minutes! > 59 ||
    seconds! > 59
  )
    throw new JqUnsupported("strptime of a date that does not exist");
  return gmtime(time / 1000);
}
