import { dayInWords } from '../../../shared/rules/format';

/** A date in words (`dayInWords`), with the machine-readable date kept in `datetime` (SPEC U38). */
export function DayText(props: { day: string }) {
  return <time datetime={props.day}>{dayInWords(props.day)}</time>;
}
