import { createSignal, onCleanup, type Accessor } from 'solid-js';
import { DAY_MS, formatDay, todayMs } from '../../shared/schema/utc-dates';
import type { IsoDay } from '../../shared/schema/types';
import type { ServerClock } from '../sync/server-clock';

/**
 * Today as the rules count it (a UTC date, C7, in the server's time), moving on at midnight without
 * a reload or an edit (SPEC U78): what is overdue (an action due yesterday, a milestone past its
 * date) shows as overdue from the first minute of the day, on a screen nobody touches. One timer
 * for the whole app, armed for the next midnight and again each day; a laptop asleep at midnight
 * may run it late, so coming back to the page (visible again, or focused) checks the date at once.
 *
 * @example
 * const today = createDayClock(serverClock); // today() === '2026-12-06', '2026-12-07' after midnight
 */
export function createDayClock(clock: ServerClock): Accessor<IsoDay> {
  const dayNow = () => formatDay(todayMs(clock.now()));
  const [today, setToday] = createSignal<IsoDay>(dayNow());
  let timer: ReturnType<typeof setTimeout> | undefined;
  const check = () => {
    clearTimeout(timer);
    setToday(dayNow());
    // Armed from the time of now, not from the last arming: a timer that fired early or late (a
    // remeasured server clock, a sleeping device) is aimed at the right midnight again.
    timer = setTimeout(check, DAY_MS - (clock.now().getTime() % DAY_MS));
  };
  const onVisible = () => {
    if (document.visibilityState === 'visible') check();
  };
  check();
  document.addEventListener('visibilitychange', onVisible);
  window.addEventListener('focus', check);
  onCleanup(() => {
    clearTimeout(timer);
    document.removeEventListener('visibilitychange', onVisible);
    window.removeEventListener('focus', check);
  });
  return today;
}
