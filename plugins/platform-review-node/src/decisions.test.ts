import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { DecisionRecord } from '@internal/plugin-platform-review-common';
import { indexCatalog } from './catalogIndex';
import {
  decisionMarkdownBody,
  decisionFindings,
  evaluateDecisionRecord,
  notYetList,
  parseDecisionRecord,
} from './decisions';
import { component, platformCatalog } from './__testUtils__/reviewCatalog';
import { catalogFacts } from './triggers';

const portal = 'component:default/commerce-platform-portal';
const decisionsDir = path.resolve(__dirname, '../../../docs/decisions');

const meshRecord = `---
status: deferred
date: 2026-11-21
decision-makers: [platform-team, engineering-leads]
revisit-trigger: more than 10 services in the catalog, or service-to-service mTLS required by a compliance audit
revisit-by: 2027-03-31
---

# Defer a service mesh; NetworkPolicy and Gateway API cover today's needs

## Context and Problem Statement
`;

const parse = (
  text: string,
  today = '2027-01-15',
  facts = catalogFacts(platformCatalog()),
) =>
  parseDecisionRecord({
    entityRef: portal,
    file: '0009-defer-service-mesh.md',
    url: 'https://example.com/docs/decisions/0009-defer-service-mesh.md',
    text,
    today: new Date(`${today}T12:00:00Z`),
    facts,
  });

describe('parseDecisionRecord', () => {
  it('reads the front matter and the title of a MADR record', () => {
    expect(parse(meshRecord)).toEqual({
      entityRef: portal,
      file: '0009-defer-service-mesh.md',
      url: 'https://example.com/docs/decisions/0009-defer-service-mesh.md',
      title:
        "Defer a service mesh; NetworkPolicy and Gateway API cover today's needs",
      status: 'deferred',
      date: '2026-11-21',
      decisionMakers: ['platform-team', 'engineering-leads'],
      revisitTrigger:
        'more than 10 services in the catalog, or service-to-service mTLS required by a compliance audit',
      revisitBy: '2027-03-31',
      overdue: false,
      triggerEvaluation: [
        {
          clause: 'more than 10 services in the catalog',
          evaluable: true,
          fired: false,
          detail:
            '4 Components of type service in the catalog: not more than 10',
        },
        {
          clause: 'service-to-service mTLS required by a compliance audit',
          evaluable: false,
          detail: 'not evaluable: needs a person',
        },
      ],
      triggerFired: false,
      problems: [],
    });
  });

  it('is overdue the day after revisit-by, not on it', () => {
    expect(parse(meshRecord, '2027-03-31').overdue).toBe(false);
    expect(parse(meshRecord, '2027-04-01').overdue).toBe(true);
    // A string for today works as well (ISO day or timestamp).
    expect(
      evaluateDecisionRecord(parse(meshRecord), '2027-04-01', undefined)
        .overdue,
    ).toBe(true);
  });

  it('marks the trigger fired when a clause fires against the catalog', () => {
    const many = catalogFacts(
      platformCatalog(
        ...Array.from({ length: 7 }, (_, i) =>
          component(`service-${i}`, { owner: 'platform-team' }),
        ),
      ),
    );
    const record = parse(meshRecord, '2027-01-15', many);
    expect(record.triggerFired).toBe(true);
    expect(record.triggerEvaluation[0]).toMatchObject({ fired: true });
  });

  it('never calls an accepted record overdue or fired', () => {
    const accepted = meshRecord.replace('status: deferred', 'status: accepted');
    expect(parse(accepted, '2030-01-01')).toMatchObject({
      status: 'accepted',
      overdue: false,
    });
  });

  it('lists a record with bad front matter, with its problems', () => {
    const record = parse(`---
status: acepted
date: 21.11.2026
decision-makers: platform-team, engineering-leads
---

Some text without a title.
`);
    expect(record).toMatchObject({
      title: '0009-defer-service-mesh',
      status: 'acepted',
      date: undefined,
      decisionMakers: ['platform-team', 'engineering-leads'],
      overdue: false,
      triggerFired: false,
    });
    expect(record.problems).toEqual([
      'no title: add a "# Title" line after the front matter',
      'status "acepted" is not one of proposed, accepted, rejected, deprecated, superseded, deferred',
      'date "21.11.2026" is not a YYYY-MM-DD day',
      'decision-makers is not a YAML list: write it as [platform-team, engineering-leads]',
    ]);
  });

  it('reports a deferred record without trigger or revisit-by, and an impossible date', () => {
    const record = parse(`---
status: deferred
date: 2027-02-30
decision-makers: [platform-team]
---
# Defer something
`);
    expect(record.problems).toEqual([
      'date "2027-02-30" is not a YYYY-MM-DD day',
      'deferred without revisit-trigger: add one line naming a catalog fact where possible, e.g. "more than 10 services in the catalog"',
      'deferred without revisit-by: add revisit-by: YYYY-MM-DD, or it can never be overdue',
    ]);
    expect(record.overdue).toBe(false);
  });

  it.each([
    [
      'no front matter',
      '# Title only\n',
      'no front matter: start the file with --- , status, date and decision-makers, then ---',
    ],
    [
      'an unclosed front matter',
      '---\nstatus: accepted\n# Title\n',
      'the front matter is never closed: end it with a line of three dashes (---)',
    ],
    [
      'YAML that does not parse',
      '---\nstatus: [accepted\n---\n# Title\n',
      'the front matter is not valid YAML: ',
    ],
    [
      'YAML that is not a mapping',
      '---\n- accepted\n---\n# Title\n',
      'the front matter is not a YAML mapping (key: value lines)',
    ],
  ])('never throws on %s', (_, text, problem) => {
    const record = parse(text);
    expect(record.problems[0].startsWith(problem)).toBe(true);
    expect(record.status).toBe('unknown');
  });

  it('reads "superseded by …" as superseded', () => {
    expect(
      parse(
        meshRecord.replace('status: deferred', 'status: superseded by 0021'),
      ).status,
    ).toBe('superseded');
  });

  it('reads every record in docs/decisions without a problem', () => {
    const files = readdirSync(decisionsDir).filter(file =>
      /^\d{4}-.*\.md$/.test(file),
    );
    expect(files.length).toBeGreaterThanOrEqual(20);
    for (const file of files) {
      const record = parseDecisionRecord({
        entityRef: portal,
        file,
        text: readFileSync(path.join(decisionsDir, file), 'utf8'),
        today: new Date('2027-01-15T00:00:00Z'),
      });
      expect({ file, problems: record.problems }).toEqual({
        file,
        problems: [],
      });
      expect(record.title.length).toBeGreaterThan(0);
    }
  });
});

describe('notYetList and decisionFindings', () => {
  const record = (
    file: string,
    overrides: Partial<DecisionRecord>,
  ): DecisionRecord => ({
    entityRef: portal,
    file,
    title: file,
    status: 'deferred',
    decisionMakers: ['platform-team', 'engineering-leads'],
    overdue: false,
    triggerEvaluation: [],
    triggerFired: false,
    problems: [],
    ...overrides,
  });
  const records = [
    record('0001-accepted.md', { status: 'accepted' }),
    record('0010-later.md', { revisitBy: '2027-06-30' }),
    record('0009-sooner.md', { revisitBy: '2027-03-31' }),
    record('0017-no-date.md', {}),
    record('0013-fired.md', {
      revisitBy: '2027-12-31',
      triggerFired: true,
      triggerEvaluation: [
        {
          clause: 'more than 6 services in the catalog',
          evaluable: true,
          fired: true,
          detail: '7 Components of type service in the catalog: more than 6',
        },
      ],
    }),
    record('0011-overdue.md', { revisitBy: '2027-02-28', overdue: true }),
  ];

  it('lists deferred records only, overdue and fired first, then by revisit-by', () => {
    expect(notYetList(records).map(r => r.file)).toEqual([
      '0011-overdue.md',
      '0013-fired.md',
      '0009-sooner.md',
      '0010-later.md',
      '0017-no-date.md',
    ]);
  });

  it('makes a decision-due finding of each overdue or fired record, for its System and deciders', () => {
    const findings = decisionFindings(records, indexCatalog(platformCatalog()));
    expect(findings.map(f => f.message)).toEqual([
      '"0013-fired.md" (0013-fired.md, deferred) is due: its trigger fired: "more than 6 services in the catalog" (7 Components of type service in the catalog: more than 6)',
      '"0011-overdue.md" (0011-overdue.md, deferred) is due: it was to be revisited by 2027-02-28',
    ]);
    expect(findings[0]).toMatchObject({
      rule: 'decision-due',
      severity: 'warning',
      entityRefs: [portal],
      systems: ['system:default/commerce-platform'],
      teams: ['group:default/engineering-leads', 'group:default/platform-team'],
    });
  });
});

describe('decisionMarkdownBody', () => {
  it('drops the front matter and keeps the record from its title on', () => {
    expect(
      decisionMarkdownBody(
        '\uFEFF---\nstatus: deferred\ndate: 2026-11-21\n---\n\n# Defer a service mesh\n\nNot yet.\n',
      ),
    ).toBe('# Defer a service mesh\n\nNot yet.');
  });

  it('keeps everything when the front matter is never closed or absent', () => {
    expect(decisionMarkdownBody('---\nstatus: accepted\n# Title\n')).toBe(
      '---\nstatus: accepted\n# Title',
    );
    expect(decisionMarkdownBody('# Title\r\n\r\nBody')).toBe('# Title\n\nBody');
  });
});
