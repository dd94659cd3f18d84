import { dayInWords } from '../../../shared/rules/format';
import type { OverruledAnswer } from '../../sync/unseen-overwrite-watch';

/**
 * What the person whose decline lost is told (SPEC U79): "Ben Ode accepted the proposed date
 * 27 Nov 2025 on ‘Data platform → Billing launch’ while you declined it; it stays accepted."
 * `name` is the dependency's, as its card reads; an accept made offline says when it was made (U75).
 */
export function overruledSentence(answer: Pick<OverruledAnswer, 'date' | 'author'>, name: string | null, timeOf: (at: number) => string): string {
  const who = answer.author === null ? 'A colleague' : answer.author.at === null ? answer.author.name : `${answer.author.name}, offline at ${timeOf(answer.author.at)},`;
  const what = `the proposed date ${dayInWords(answer.date)}${name ? ` on ‘${name}’` : ''}`;
  return `${who} accepted ${what} while you declined it; it stays accepted.`;
}
