import type { RevokedWhy } from '../storage/store';

/** A close frame's reason holds at most 123 bytes (RFC 6455 §5.5). */
const MAX_REASON_BYTES = 123;

/** Whether `sentence` fits a close frame's reason. */
export const fitsCloseFrame = (sentence: string): boolean => Buffer.byteLength(sentence) <= MAX_REASON_BYTES;

/**
 * What a person whose link stopped working reads, and whom to ask (A4). Their screen learns it
 * either from the close frame or from the next request, whichever comes first, so both carry this
 * same sentence: the facilitator who did it, by name, when a member did and the sentence fits a
 * close frame; otherwise a facilitator of the review.
 */
export function revokedSentence(why: RevokedWhy, by: string | null): string {
  const sentence = (who: string) =>
    why === 'removed'
      ? `Your access to this review was removed. Ask ${who} if you need it back.`
      : `This link was replaced by a new one. Ask ${who} for the new link.`;
  const named = by && sentence(`${by} or another facilitator`);
  return named && fitsCloseFrame(named) ? named : sentence('a facilitator of the review');
}
