import { Session } from 'node:inspector/promises';

/**
 * How many objects in this process have `prototype` in their prototype chain (instances of a
 * class and of its subclasses), after a full garbage collection (the inspector's
 * `Runtime.queryObjects` collects first): what a heap snapshot would show, without writing one.
 */
export async function countLiveInstances(prototype: object): Promise<number> {
  const session = new Session();
  session.connect();
  const key = `__countLiveInstances${Math.random().toString(36).slice(2)}`;
  (globalThis as Record<string, unknown>)[key] = prototype;
  try {
    const { result } = await session.post('Runtime.evaluate', { expression: `globalThis.${key}` });
    const { objects } = await session.post('Runtime.queryObjects', { prototypeObjectId: result.objectId! });
    const { result: length } = await session.post('Runtime.callFunctionOn', {
      objectId: objects.objectId!,
      functionDeclaration: 'function () { return this.length; }',
      returnByValue: true,
    });
    return length.value as number;
  } finally {
    delete (globalThis as Record<string, unknown>)[key];
    session.disconnect();
  }
}
