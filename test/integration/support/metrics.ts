import { ADMIN_TOKEN } from './test-server';

/** How many times the server has refused something for `reason`, as `/metrics` reports it (H14). */
export async function refusalCount(url: string, reason: string): Promise<number> {
  const response = await fetch(`${url}/metrics`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
  const text = await response.text();
  const line = text.split('\n').find((candidate) => candidate.startsWith(`throughline_refusals_total{reason="${reason}"} `));
  return line ? Number(line.slice(line.lastIndexOf(' ') + 1)) : 0;
}
