import { describe, expect, it } from 'vitest';
import { planImport, type ImportChoices } from '../../../../shared/history/reading-import';

/** The day the rows are imported on. */
const NOW = new Date('2026-12-06T12:00:00Z');
const KPIS = [
  { id: 'rev', name: 'Revenue', unit: 'kUSD', storedAt: new Set<number>() },
  { id: 'churn', name: 'Churn', unit: '%', storedAt: new Set<number>() },
  { id: 'count', name: 'Count', unit: '', storedAt: new Set<number>() },
  { id: 'fte', name: 'Staff', unit: 'h (FTE)', storedAt: new Set<number>() },
];

/** What a person sees of a file: each reading landed (date and value), each line refused and why, or why the whole file was. */
function read(text: string, choices: ImportChoices = {}) {
  const plan = planImport(text, KPIS, NOW, choices);
  return {
    landed: [...plan.accepted.values()].flat().map((reading) => [reading.at, reading.value]),
    refused: plan.refused.map((row) => `line ${row.line}: ${row.reason}`),
    problem: plan.problem,
  };
}

describe('numbers as spreadsheets write them (SPEC M24)', () => {
  const cases: [file: string, landed: [string, number][], refused?: string[]][] = [
    // What imported before still imports, to the same value.
    ['Count,2026-12-01,108.5', [['2026-12-01', 108.5]]],
    ['Count,2026-12-01,1.250', [['2026-12-01', 1.25]]],
    ['Count,2026-12-01,-3\nCount,2026-12-02,1e3\nCount,2026-12-03,.5', [['2026-12-01', -3], ['2026-12-02', 1000], ['2026-12-03', 0.5]]],
    // A unit that is the KPI's, in any case, after or before the number.
    ['Churn,2026-12-01,15.2%\nChurn,2026-12-02,-0.5 %', [['2026-12-01', 15.2], ['2026-12-02', -0.5]]],
    ['Revenue,2026-12-01,175 kUSD\nRevenue,2026-12-02,175 kusd', [['2026-12-01', 175], ['2026-12-02', 175]]],
    // A unit that is not the KPI's is refused, never converted or dropped.
    ['Revenue,2026-12-01,100\nRevenue,2026-12-02,175 kEUR', [['2026-12-01', 100]], ['line 2: "175 kEUR" is in kEUR, but "Revenue" is in kUSD.']],
    ['Revenue,2026-12-01,175 USD', [], ['line 1: "175 USD" is in USD, but "Revenue" is in kUSD.']],
    ['Count,2026-12-01,15%', [], ['line 1: "15%" is in %, but "Count" has no unit.']],
    // Thousands separators, in a comma file (quoted) and a semicolon one.
    ['Count,2026-12-01,"1,250.5"\nCount,2026-12-02,"1,250,000"', [['2026-12-01', 1250.5], ['2026-12-02', 1_250_000]]],
    ['Count;2026-12-01;9,5\nCount;2026-12-02;1.250,5\nCount;2026-12-03;1 250,5\nCount;2026-12-04;1.250', [['2026-12-01', 9.5], ['2026-12-02', 1250.5], ['2026-12-03', 1250.5], ['2026-12-04', 1250]]],
    // A semicolon file with no value that says otherwise writes a decimal comma: 1,250 is 1.25 there.
    ['kpi;at;value\nCount;2026-12-01;1,250', [['2026-12-01', 1.25]]],
    // Cells pasted from a spreadsheet are tab-separated; "9,5" says the decimal mark is a comma.
    ['Count\t2026-12-01\t9,5\nCount\t2026-12-02\t1,250', [['2026-12-01', 9.5], ['2026-12-02', 1.25]]],
    // A comma-separated row whose source holds as many semicolons stays comma-separated.
    ['Count,2026-12-01,3,EMEA;APAC;LATAM', [['2026-12-01', 3]]],
    // Spaces and apostrophes group thousands in threes; anywhere else they make no number.
    ["Count,2026-12-01,1'250.5\nCount,2026-12-02,1 250 000\nCount,2026-12-03,12 15\nCount,2026-12-04,3'5\nCount,2026-12-05,1 250'000", [['2026-12-01', 1250.5], ['2026-12-02', 1_250_000]], [
      'line 3: The value "12 15" is not a finite number.',
      'line 4: The value "3\'5" is not a finite number.',
      'line 5: The value "1 250\'000" is not a finite number.',
    ]],
    ['Count,2026-12-01,lots', [], ['line 1: The value "lots" is not a finite number.']],
    ['kpi;at;value\nCount;2026-12-01;1,2,5', [], ['line 2: "1,2,5" is not a number this import can read: write it as 1250.5, 1,250.5 or 1.250,5.']],
  ];
  it.each(cases)('[M24] %j', (file, landed, refused = []) => {
    expect(read(file)).toEqual({ landed, refused, problem: null });
  });

  it('[M24] a "1,250" nothing in the file explains is not guessed: the file is refused until the reading is chosen, and then read that way', () => {
    const file = 'Count,2026-12-01,"1,250"\nCount,2026-12-02,7';
    expect(read(file)).toEqual({
      landed: [],
      refused: [],
      problem: '"1,250" on line 1 could be 1250 or 1.25, and no number in this file says which: say how its numbers are written (decimal=point or decimal=comma).',
    });
    expect(read(file, { decimal: 'point' }).landed).toEqual([['2026-12-01', 1250], ['2026-12-02', 7]]);
    expect(read(file, { decimal: 'comma' }).landed).toEqual([['2026-12-01', 1.25], ['2026-12-02', 7]]);
  });

  it('[M24] numbers written both ways refuse the file; once a mark is chosen, only the lines written the other way are refused', () => {
    const file = 'Count;2026-12-01;9,5\nCount;2026-12-02;1,250.5';
    expect(read(file).problem).toBe(
      'Line 1 writes "9,5" with a decimal comma, but line 2 writes "1,250.5" with a decimal point: say which the file uses (decimal=comma or decimal=point).',
    );
    expect(read(file, { decimal: 'comma' })).toEqual({
      landed: [['2026-12-01', 9.5]],
      refused: ['line 2: "1,250.5" is written with a decimal point, but this file\'s numbers are read with a decimal comma.'],
      problem: null,
    });
  });

  it('[M24] a megabyte of digits ending in a letter is refused as no number, without searching it as one', () => {
    const digits = '1'.repeat(1_000_000);
    expect(read(`Count,2026-12-01,${digits}x\nCount,2026-12-02,7`)).toEqual({
      landed: [['2026-12-02', 7]],
      refused: [`line 1: The value "${digits.slice(0, 79)}…" is not a finite number.`],
      problem: null,
    });
  });

  it('[M24] a choice answers only what the values leave open', () => {
    expect(read('Count;2026-12-01;9,5\nCount;2026-12-02;1.250', { decimal: 'point' }).landed).toEqual([['2026-12-01', 9.5], ['2026-12-02', 1250]]);
  });
});

describe('dates as spreadsheets write them (SPEC M25)', () => {
  const cases: [file: string, days: string[], refused?: string[]][] = [
    ['Count,2026-12-05,1\nCount,2026-12-05T09:00:00Z,2', ['2026-12-05', '2026-12-05T09:00:00Z']],
    // A first part over 12 makes every slashed date of the file day first; a second part over 12, month first.
    ['Count,05/12/2026,1\nCount,25/11/2026,2', ['2026-12-05', '2026-11-25']],
    ['Count,12/05/2026,1\nCount,11/25/2026,2', ['2026-12-05', '2026-11-25']],
    ['Count,2026/12/05,1\nCount,4 Dec 2026,2\nCount,"Dec 3, 2026",3\nCount,2-Dec-26,4\nCount,September 1 2026,5\nCount,2nd Sept 2026,6', ['2026-12-05', '2026-12-04', '2026-12-03', '2026-12-02', '2026-09-01', '2026-09-02']],
    // Dotted dates are written day first.
    ['Count;05.12.2026;1', ['2026-12-05']],
    ['Count,25/11/2026,1\nCount,31/02/2026,2', ['2026-11-25'], ['line 2: "31/02/2026" is not a date on the calendar read as day/month.']],
    ['Count,yesterday,1', [], ['line 1: "yesterday" is not a date: write it as 2026-12-05, 05/12/2026 or 5 Dec 2026.']],
    ['Count,5 Dec 2027,1', [], ['line 1: The date 5 Dec 2027 is more than a day after today (6 Dec 2026): a reading cannot be dated in the future. Check the year.']],
    // A date cell a spreadsheet exports with its midnight is that date; any other time of day with no zone names no one instant.
    ['Count,2026-12-05 00:00:00,1\nCount,25/11/2026 0:00,2\nCount,12/1/2026 12:00 AM,3\nCount,"Dec 3, 2026 00:00",4', ['2026-12-05', '2026-11-25', '2026-01-12', '2026-12-03']],
    ['Count,yesterday 10:00,1\nCount,31/02/2026 0:00,2', [], ['line 1: "yesterday 10:00" is not a date: write it as 2026-12-05, 05/12/2026 or 5 Dec 2026.', 'line 2: "31/02/2026 0:00" is not a date on the calendar read as day/month.']],
    ['Count,2026-12-05 14:30,1\nCount,25/11/2026 9:15 PM,2', [], [
      'line 1: "2026-12-05 14:30" has a time of day but no time zone, so it names no one moment: write it with its zone, as 2026-12-05T14:30:00Z, or the date alone.',
      'line 2: "25/11/2026 9:15 PM" has a time of day but no time zone, so it names no one moment: write it with its zone, as 2026-11-25T21:15:00Z, or the date alone.',
    ]],
  ];
  it.each(cases)('[M25] %j', (file, days, refused = []) => {
    const seen = read(file);
    expect({ days: seen.landed.map(([day]) => day), refused: seen.refused, problem: seen.problem }).toEqual({ days, refused, problem: null });
  });

  it('[M25] a timestamp with its zone written with a space for the T ("2026-11-25 21:15:00Z") is that instant, read as the T form is', () => {
    const spaced = read('Count,2026-11-25 21:15:00Z,1\nCount,2026-11-24 21:15:00+01:00,2\nCount,2026-11-23 21:15Z,3\nCount,2026-11-22 21:15:30.250-05:00,4');
    expect(spaced).toEqual({
      landed: [['2026-11-25T21:15:00Z', 1], ['2026-11-24T21:15:00+01:00', 2], ['2026-11-23T21:15Z', 3], ['2026-11-22T21:15:30.250-05:00', 4]],
      refused: [],
      problem: null,
    });
    // The same instant written both ways is one reading; a day too far ahead is refused as the T form is, and one the calendar lacks with the cell quoted.
    expect(read('Count,2026-11-25T20:15:00Z,1\nCount,2026-11-25 21:15:00+01:00,2\nCount,2026-02-30 10:00Z,3\nCount,2026-12-07 23:30Z,4').refused).toEqual([
      'line 2: An earlier row of this file already gives "Count" a reading at 2026-11-25 21:15:00+01:00.',
      'line 3: "2026-02-30 10:00Z" is not a date on the calendar.',
      'line 4: ' + read('Count,2026-12-07T23:30Z,4').refused[0]!.slice('line 1: '.length),
    ]);
    // The zone decides nothing of the order of the file's slashed dates.
    expect(read('Count,2026-11-25 21:15Z,1\nCount,05/12/2026,2').problem).toMatch(/^Every date in this file could be day\/month or month\/day/);
  });

  it('[M25] dates that all read either way are not guessed: the file is refused until the order is chosen', () => {
    const file = 'kpi,at,value\nCount,05/12/2026,1\nCount,06/11/2026,2';
    expect(read(file)).toEqual({
      landed: [],
      refused: [],
      problem: 'Every date in this file could be day/month or month/day, such as "05/12/2026" on line 2: say which order they are in (dates=dmy or dates=mdy).',
    });
    expect(read(file, { dates: 'dmy' }).landed).toEqual([['2026-12-05', 1], ['2026-11-06', 2]]);
    expect(read(file, { dates: 'mdy' }).landed).toEqual([['2026-05-12', 1], ['2026-06-11', 2]]);
    // The values decide where they can, whatever was chosen.
    expect(read(`${file}\nCount,25/11/2026,3`, { dates: 'mdy' }).landed.map(([day]) => day)).toEqual(['2026-12-05', '2026-11-06', '2026-11-25']);
  });

  it('[M25] a dotted date is day first and says nothing of the slashed dates: "12.25.2025" is no date, and "05/12/2025" stays open', () => {
    const file = 'Revenue,12.25.2025,5\nRevenue,05/12/2025,6';
    expect(read(file).problem).toBe('Every date in this file could be day/month or month/day, such as "05/12/2025" on line 2: say which order they are in (dates=dmy or dates=mdy).');
    expect(read(file, { dates: 'mdy' })).toEqual({
      landed: [['2025-05-12', 6]],
      refused: ['line 1: "12.25.2025" is not a date on the calendar read as day/month.'],
      problem: null,
    });
  });

  it('[M24][M25] a line that will be refused anyway (no such KPI, extra columns) does not decide how the others are read', () => {
    expect(read('Nobody,25/11/2026,1\nCount,05/12/2026,2').problem).toBe(
      'Every date in this file could be day/month or month/day, such as "05/12/2026" on line 2: say which order they are in (dates=dmy or dates=mdy).',
    );
    expect(read('Count,2026-12-01,"9,5",src,extra\nCount,2026-12-02,"1,250"').problem).toBe(
      '"1,250" on line 2 could be 1250 or 1.25, and no number in this file says which: say how its numbers are written (decimal=point or decimal=comma).',
    );
  });

  it('[M7][M25] the rows of a KPI with no list of readings (a client stored something else there) are refused, and do not decide how the others are read', () => {
    const kpis = [...KPIS, { id: 'broken', name: 'Broken', unit: '', storedAt: null }];
    const plan = planImport('Broken,13/04/2026,1\nCount,03/04/2026,2', kpis, NOW, {});
    expect(plan.problem).toBe('Every date in this file could be day/month or month/day, such as "03/04/2026" on line 2: say which order they are in (dates=dmy or dates=mdy).');
    const chosen = planImport('Broken,13/04/2026,1\nCount,03/04/2026,2', kpis, NOW, { dates: 'mdy' });
    expect(chosen.refused).toEqual([{ line: 1, reason: 'The KPI "Broken" has no list of readings to add to: something else is stored in its place.' }]);
    expect([...chosen.accepted.values()].flat().map((reading) => reading.at)).toEqual(['2026-03-04']);
  });

  it('[M25] a line refused for its time of day does not decide how the file\'s dates are read', () => {
    const file = 'Revenue,11/13/2026 14:30,5\nRevenue,05/06/2026,7';
    expect(read(file).problem).toBe('Every date in this file could be day/month or month/day, such as "05/06/2026" on line 2: say which order they are in (dates=dmy or dates=mdy).');
    expect(read(file, { dates: 'dmy' })).toEqual({
      landed: [['2026-06-05', 7]],
      refused: ['line 1: "11/13/2026 14:30" has a time of day but no time zone, so it names no one moment: write it with its zone, as 2026-11-13T14:30:00Z, or the date alone.'],
      problem: null,
    });
  });

  it('[M25] dates written both ways refuse the file; once an order is chosen, the dates it cannot read are refused by line', () => {
    const file = 'Count,25/11/2026,1\nCount,11/26/2026,2';
    expect(read(file).problem).toBe(
      'Line 1 writes "25/11/2026" day first, but line 2 writes "11/26/2026" month first: say which order the file\'s dates are in (dates=dmy or dates=mdy).',
    );
    expect(read(file, { dates: 'dmy' })).toEqual({
      landed: [['2026-11-25', 1]],
      refused: ['line 2: "11/26/2026" is not a date on the calendar read as day/month.'],
      problem: null,
    });
  });
});

describe('a European export (SPEC M24, M25)', () => {
  it('[M24][M25] a semicolon file with decimal commas, units and day-first dates imports as the spreadsheet shows it', () => {
    const file = 'kpi;at;value;source\r\nRevenue;25/11/2026;1.250,5 kUSD;ERP\r\nChurn;05/12/2026;2,5%;CRM\r\nRevenue;05/12/2026;175 kEUR;ERP\r\n';
    const plan = planImport(file, KPIS, NOW);
    expect(plan.accepted).toEqual(new Map([
      ['rev', [{ at: '2026-11-25', value: 1250.5, source: 'ERP' }]],
      ['churn', [{ at: '2026-12-05', value: 2.5, source: 'CRM' }]],
    ]));
    expect(plan.refused).toEqual([{ line: 4, reason: '"175 kEUR" is in kEUR, but "Revenue" is in kUSD.' }]);
    expect(plan.reading).toMatchObject({ separator: ';', decimal: 'comma', dates: 'dmy', datesBy: { by: 'values', cell: { line: 2, text: '25/11/2026' } } });
  });
});

describe('what accounting exports write (SPEC M24)', () => {
  it('[M24] a negative in parentheses, as an accounting format shows one, lands negative; half a pair is no number', () => {
    const file = 'Count,2026-12-01,(175)\nCount,2026-12-02,"(1,250.5)"\nRevenue,2026-12-03,(175 kUSD)\nCount,2026-12-04,(-3)\nCount,2026-12-05,(12';
    expect(read(file)).toEqual({
      landed: [['2026-12-01', -175], ['2026-12-02', -1250.5], ['2026-12-03', -175]],
      refused: ['line 4: The value "(-3)" is not a finite number.', 'line 5: The value "(12" is not a finite number.'],
      problem: null,
    });
  });

  it('[M24] a unit with parentheses in it imports as before, negative too', () => {
    expect(read('Staff,2026-12-01,175 h (FTE)\nStaff,2026-12-02,(175 h (FTE))')).toEqual({ landed: [['2026-12-01', 175], ['2026-12-02', -175]], refused: [], problem: null });
  });

  it('[M24] the question a value leaves open states it with its sign, a minus sign or parentheses', () => {
    expect(read('Count,2026-12-01,"−1,250"').problem).toBe(
      '"−1,250" on line 1 could be -1250 or -1.25, and no number in this file says which: say how its numbers are written (decimal=point or decimal=comma).',
    );
    expect(read('Count,2026-12-01,"(1,250)"').problem).toBe(
      '"(1,250)" on line 1 could be -1250 or -1.25, and no number in this file says which: say how its numbers are written (decimal=point or decimal=comma).',
    );
  });

  it('[M24] a first line "sep=;", as Excel writes it, says the separator and is no row', () => {
    const file = 'sep=;\r\nkpi;at;value\r\nCount;2026-12-01;9,5\r\nNobody;2026-12-02;3';
    const plan = planImport(file, KPIS, NOW);
    expect(plan.reading.separator).toBe(';');
    expect(read(file)).toEqual({
      landed: [['2026-12-01', 9.5]],
      refused: ['line 4: There is no KPI with the id or name "Nobody".'],
      problem: null,
    });
    // The directive wins over a count of the first line it is on: "sep=," in a file of semicolons.
    expect(read('sep=,\nCount,2026-12-01,"9;5"\nCount,2026-12-02,7').refused).toEqual(['line 2: The value "9;5" is not a finite number.']);
  });
});
