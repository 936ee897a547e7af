import { describe, expect, it } from 'vitest'
import { CLI, CON, CON2, FAC, note, sessionAt } from '../test/fixtures.ts'
import { summarizeEvaluations } from './evaluations.ts'
import { buildReport, escapeMarkdown, purgedNotice, reportToMarkdown } from './report.ts'

function sessionRecords() {
  const q = note({
    id: 'shape:q1',
    kind: 'question',
    phase: 'clarification',
    author: CON,
    role: 'consultant',
    text: 'Depuis quand ?',
  })
  const a = note({
    id: 'shape:a1',
    kind: 'answer',
    phase: 'clarification',
    author: CLI,
    role: 'client',
    text: 'Deux mois',
    meta: { answersTo: 'shape:q1' },
  })
  const idea = note({
    id: 'shape:i1',
    kind: 'idea',
    phase: 'consultation',
    author: CON,
    role: 'consultant',
    text: 'Un café <script>alert(1)</script>',
  })
  const sugg = note({
    id: 'shape:s1',
    kind: 'suggestion',
    phase: 'consultation',
    author: FAC,
    role: 'consultant',
    text: '# Titre\n- [lien](javascript:x)',
    meta: { onBehalfOf: CON2 },
  })
  const cluster = note({
    id: 'shape:c1',
    kind: 'cluster',
    phase: 'synthese',
    author: CLI,
    role: 'client',
    text: 'Relations',
    meta: { sources: ['shape:i1', 'shape:s1', 'shape:gone'] },
  })
  const action = note({
    id: 'shape:ac1',
    kind: 'action',
    phase: 'synthese',
    author: CLI,
    role: 'client',
    meta: {
      sources: ['shape:i1'],
      action: {
        what: 'Inviter Léa',
        firstStep: 'Écrire',
        dueDate: '2026-12-15',
        successIndicator: 'Un rendez-vous',
      },
    },
  })
  const action2 = note({
    id: 'shape:ac2',
    kind: 'action',
    phase: 'synthese',
    author: CLI,
    role: 'client',
    y: 2000,
    meta: { action: { what: 'Lire', firstStep: 'Acheter', successIndicator: 'Lu' } },
  })
  const contract = note({
    id: 'shape:k1',
    kind: 'contract-request',
    phase: 'contrat',
    author: CLI,
    role: 'client',
    meta: { contract: { request: 'Des pistes', consultationTypes: ['ideas', 'experience'] } },
  })
  const learning = note({
    id: 'shape:l1',
    kind: 'learning',
    phase: 'apprentissage',
    author: CON,
    role: 'consultant',
    text: 'Écouter',
  })
  const regulation = note({
    id: 'shape:r1',
    kind: 'regulation',
    phase: 'apprentissage',
    author: FAC,
    role: 'facilitator',
    text: 'Commencer à l’heure',
  })
  const anon = note({
    id: 'shape:e1',
    kind: 'evaluation',
    phase: 'apprentissage',
    author: CON,
    role: 'consultant',
    meta: {
      evaluation: {
        anonymous: true,
        appreciation: 4,
        methodRespected: 5,
        comment: 'Très bien',
        regulateNextTime: 'Le temps',
      },
    },
  })
  const named = note({
    id: 'shape:e2',
    kind: 'evaluation',
    phase: 'apprentissage',
    author: CLI,
    role: 'client',
    meta: { evaluation: { anonymous: false, appreciation: 5, comment: 'Merci' } },
  })
  const silent = note({
    id: 'shape:e3',
    kind: 'evaluation',
    phase: 'apprentissage',
    author: CON2,
    role: 'consultant',
    meta: { evaluation: { anonymous: true } },
  })
  const follow = note({
    id: 'shape:f1',
    kind: 'followup',
    phase: 'retour',
    author: CON2,
    role: 'consultant',
    text: 'Parler au chef',
    meta: { followUp: { status: 'in-progress' } },
  })
  const follow2 = note({
    id: 'shape:f2',
    kind: 'followup',
    phase: 'retour',
    author: CON2,
    role: 'consultant',
    text: 'Écrire',
    meta: { followUp: { status: 'done', comment: 'Fait' } },
  })
  const proposal = note({
    id: 'shape:p1',
    kind: 'proposal',
    phase: 'choix-sujet',
    author: CLI,
    role: 'client',
    meta: { proposal: { kind: 'projet', title: 'Lancer une équipe' } },
  })
  const vote = {
    id: 'codev_vote:con:1',
    typeName: 'codev_vote',
    voter: CON,
    proposalId: 'shape:p1',
  }
  const free = note({
    id: 'shape:d1',
    kind: 'free',
    phase: 'consultation',
    author: CON,
    role: 'consultant',
  })
  return [
    q,
    a,
    idea,
    sugg,
    cluster,
    action,
    action2,
    contract,
    learning,
    regulation,
    anon,
    named,
    silent,
    follow,
    follow2,
    proposal,
    vote,
    free,
    { junk: true },
  ]
}

/** As the server aggregates the members' private evaluations (evaluations.ts). */
const EVALUATIONS = summarizeEvaluations([
  {
    authorName: 'Karim',
    evaluation: {
      anonymous: true,
      appreciation: 4,
      methodRespected: 5,
      comment: 'Très bien',
      regulateNextTime: 'Le temps',
    },
  },
  { authorName: 'Claire', evaluation: { anonymous: false, appreciation: 5, comment: 'Merci' } },
  { authorName: 'Karim', evaluation: { anonymous: true } },
])

describe('buildReport', () => {
  const state = {
    ...sessionAt('closing', { contractConfirmations: [CON, CON2] }),
    status: 'closed' as const,
    evaluations: EVALUATIONS,
  }
  const report = buildReport(sessionRecords(), state)

  it('gathers subject, contract, questions with answers, contributions, clusters and actions', () => {
    expect(report).toMatchObject({
      sessionId: 's1',
      closed: true,
      client: 'Claire',
      subject: { kind: 'projet', title: 'Lancer une équipe' },
      contract: {
        requests: ['Des pistes'],
        consultationTypes: ['ideas', 'experience'],
        confirmedBy: ['Karim', 'Kim'],
      },
      questions: [
        {
          question: { text: 'Depuis quand ?', author: 'Karim' },
          answers: [{ text: 'Deux mois', author: 'Claire' }],
        },
      ],
      clusters: [
        {
          title: 'Relations',
          sources: ['Un café <script>alert(1)</script>', '# Titre\n- [lien](javascript:x)'],
        },
      ],
      actions: [
        {
          what: 'Inviter Léa',
          dueDate: '2026-12-15',
          sources: ['Un café <script>alert(1)</script>'],
        },
        { what: 'Lire', dueDate: null, sources: [] },
      ],
      learnings: [{ text: 'Écouter', author: 'Karim' }],
      proposals: [{ title: 'Lancer une équipe', votes: 1 }],
      followUps: [
        { status: 'in-progress', comment: '' },
        { status: 'done', comment: 'Fait' },
      ],
    })
    expect(report.contributions.idea).toHaveLength(1)
    expect(report.contributions.suggestion?.[0]?.author).toBe('Kim') // written by the scribe for Kim
    // Who said it and who wrote it: the report keeps both.
    expect(report.contributions.suggestion?.[0]?.writtenBy).toBe('Fanny')
    expect(report.contributions.idea?.[0]).not.toHaveProperty('writtenBy')
    expect(reportToMarkdown(report, 'fr')).toContain('— Kim (écrit par Fanny)')
    expect(reportToMarkdown(report, 'en')).toContain('— Kim (written by Fanny)')
    expect(report.contributions.free).toBeUndefined()
  })
  it('keeps the regulation for next time apart from the contributions, with its own heading', () => {
    // The previous session's regulation, carried into the retour, is not this session's.
    const carried = note({
      id: 'shape:prev-r0',
      kind: 'regulation',
      phase: 'retour',
      author: FAC,
      role: 'facilitator',
      text: 'Lire le contrat à voix haute',
    })
    const report = buildReport([...sessionRecords(), carried], sessionAt('closing'))
    expect(report.regulations.map((r) => r.text)).toEqual(['Commencer à l’heure'])
    expect(report.contributions.regulation).toBeUndefined()
    expect(reportToMarkdown(report, 'fr')).toContain('## Régulation pour la prochaine fois')
    expect(reportToMarkdown(report, 'en')).toContain('## Regulation for next time')
    const none = buildReport([], sessionAt('closing'))
    expect(reportToMarkdown(none, 'en')).not.toContain('Regulation for next time')
  })

  it('summarises evaluations; anonymous ones carry no author', () => {
    expect(report.evaluation).toEqual({
      count: 3,
      averageAppreciation: 4.5,
      averageMethodRespected: 5,
      comments: [
        { text: 'Très bien', author: null },
        { text: 'Merci', author: 'Claire' },
      ],
      regulateNextTime: ['Le temps'],
      expectations: [],
      learnings: [],
      applications: [],
    })
    expect(JSON.stringify(report.evaluation)).not.toContain('Karim')
  })
  it('ignores evaluation notes on the board: evaluations come only from the private aggregate', () => {
    const fromBoardOnly = buildReport(sessionRecords(), sessionAt('closing'))
    expect(fromBoardOnly.evaluation.count).toBe(0)
  })
  it('works from an id-keyed object and with no names or client', () => {
    const records = Object.fromEntries(sessionRecords().map((r, i) => [String(i), r]))
    const bare = buildReport(records, {
      ...sessionAt('welcome'),
      clientId: null,
      subject: null,
      members: [],
    })
    expect(bare.client).toBeNull()
    expect(bare.learnings[0]?.author).toBe(CON)
    const empty = buildReport([], sessionAt('welcome'))
    expect(empty.evaluation.averageAppreciation).toBeNull()
  })
})

describe('reportToMarkdown', () => {
  const state = sessionAt('closing', { contractConfirmations: [CON] })
  const report = buildReport(sessionRecords(), {
    ...state,
    subject: { kind: 'probleme', title: 'Un *conflit*', why: 'Ça presse' },
    evaluations: EVALUATIONS,
  })

  it('says the report is confidential, in French and English', () => {
    expect(reportToMarkdown(report, 'fr')).toContain('Confidentiel')
    expect(reportToMarkdown(report, 'en')).toContain('Confidential')
    expect(reportToMarkdown(report, 'fr')).toMatchSnapshot()
    expect(reportToMarkdown(report, 'en')).toMatchSnapshot()
  })
  it('neutralises Markdown and HTML injection in user text', () => {
    const md = reportToMarkdown(report, 'en')
    expect(md).not.toContain('<script>')
    expect(md).toContain('&lt;script&gt;')
    expect(md).not.toMatch(/^# Titre/m)
    expect(md).not.toContain('[lien](javascript')
    expect(md).toContain('Un \\*conflit\\*')
  })
  it('renders an empty session', () => {
    const md = reportToMarkdown(
      buildReport([], { ...sessionAt('welcome'), clientId: null, subject: null }),
      'fr',
    )
    expect(md).toContain('(aucun)')
  })
  it('escapes every special character', () => {
    expect(escapeMarkdown('a\n\n# b <i>&</i> `c` | d')).toBe(
      'a \\# b &lt;i&gt;&amp;&lt;/i&gt; \\`c\\` \\| d',
    )
  })
})

describe('purgedNotice', () => {
  it('says when the contents were purged, in the reader’s language', () => {
    const day = '2026-11-03'
    expect(purgedNotice(day, 'fr')).toBe(
      'Contenu purgé le 2026-11-03, au terme de la durée de conservation fixée par le groupe.',
    )
    expect(purgedNotice(day, 'en')).toContain('Contents purged on 2026-11-03')
  })
})
