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

/** What a person has open in an agenda card and not yet done with. */
export interface CardDrafts {
  action: ActionDraft;
  /** Whether the item's Rename field is open (its text is the field's own, carried by card-focus). */
  renaming: Accessor<boolean>;
  setRenaming: Setter<boolean>;
}

/**
 * The drafts of an agenda's cards, one set per item, kept by the view rather than by the card
 * (SPEC U89): an item resolved or reopened, here or by a colleague, has its card made again in
 * the other group, and a draft held by the old card went with it, half a sentence typed in vain
 * (an action), or a Rename field closed under the person typing the new title. A draft lives as
 * long as the view; an empty one is all a card that was never written in needs.
 *
 * @example
 *   const drafts = createCardDrafts();
 *   <AgendaItemCard item={item} drafts={drafts(item.id)} />
 */
export function createCardDrafts(): (itemId: string) => CardDrafts {
  const drafts = new Map<string, CardDrafts>();
  return (itemId) => {
    let draft = drafts.get(itemId);
    if (!draft) {
      const [renaming, setRenaming] = createSignal(false);
      draft = { action: createActionDraft(), renaming, setRenaming };
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
