import { describe, expect, it } from 'vitest';
import { adminProblem } from '../../../client/sync/admin-problem';
import { ApiError } from '../../../client/sync/api-error';

describe('the admin page’s refusals in words', () => {
  it('[U58] a refused admin token says so and where the admin link comes from, with nothing to try again', () => {
    for (const refusal of [new ApiError(401, 'invalid_token', 'This link does not open anything here.'), new ApiError(403, 'forbidden', 'Only the instance admin can do this.')]) {
      const problem = adminProblem(refusal);
      expect(problem).toMatchObject({ title: 'This admin link was refused', canRetry: false });
      expect(problem.sentence).toContain('THROUGHLINE_ADMIN_TOKEN');
      // Not the workspace link's advice, which sends the admin to a facilitator.
      expect(problem.sentence).not.toMatch(/facilitator/i);
    }
  });

  it('[U58] a server out of reach, or one that fails, is worth trying again; its own sentence is kept', () => {
    expect(adminProblem(new ApiError(0, null, 'offline'))).toMatchObject({ title: 'Throughline can’t be reached', canRetry: true });
    expect(adminProblem(new ApiError(503, 'storage_unavailable', 'The database cannot be written.'))).toEqual({
      title: 'The workspaces can’t be listed right now',
      sentence: 'The database cannot be written.',
      canRetry: true,
    });
  });
});
