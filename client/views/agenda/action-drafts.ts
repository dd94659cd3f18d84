import { createSignal, type Accessor, type Setter } from 'solid-js';

/** An action being written into an agenda card and not yet added: what, who and by when. */
export interface ActionDraft {
  text: Accessor<string>;
  setText: Setter<string>;
  owner: Accessor<string>;
  setOwner: Setter<string>;
  due: Accessor<string>;
  setDue: Setter<string>;
  clear(): void;
}

/**
 * The new-action drafts of an agenda, one per item, kept by the view rather than by the card
 * (SPEC U89): an item resolved or reopened, here or by a colleague, has its card made again in
 * the other group, and a draft held by the old card went with it, half a sentence typed in vain.
 * A draft lives as long as the view; an empty one is all a card that was never written in needs.
 *
 * @example
 *   const drafts = createActionDrafts();
 *   <ActionList item={item} draft={drafts(item.id)} />
 */
export function createActionDrafts(): (itemId: string) => ActionDraft {
  const drafts = new Map<string, ActionDraft>();
  return (itemId) => {
    let draft = drafts.get(itemId);
    if (!draft) {
      draft = createActionDraft();
      drafts.set(itemId, draft);
    }
    return draft;
  };
}

function createActionDraft(): ActionDraft {
  const [text, setText] = createSignal('');
  const [owner, setOwner] = createSignal('');
  const [due, setDue] = createSignal('');
  return {
    text,
    setText,
    owner,
    setOwner,
    due,
    setDue,
    clear() {
      setText('');
      setOwner('');
      setDue('');
    },
  };
}
