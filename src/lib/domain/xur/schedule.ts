/**
 * When Xûr comes and goes. He arrives on Friday at the daily reset and leaves at the weekly reset on
 * Tuesday; both resets are at 17:00 UTC all year (Bungie does not follow daylight saving).
 */
const RESET_HOUR_UTC = 17;
const FRIDAY = 5;
const DAY_MS = 86_400_000;

/** The first Friday reset strictly after `now`: when an absent Xûr next arrives. */
export function nextXurArrival(now: Date): Date {
  const todayReset = Date.UTC(
    now.getUTCFullYear(),
    now.getUTCMonth(),
    now.getUTCDate(),
    RESET_HOUR_UTC
  );
  const daysAhead = (FRIDAY - now.getUTCDay() + 7) % 7;
  const candidate = todayReset + daysAhead * DAY_MS;
  return new Date(candidate > now.getTime() ? candidate : candidate + 7 * DAY_MS);
}
