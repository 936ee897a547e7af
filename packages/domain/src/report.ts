/**
 * The session report: a pure function from the session document's records to a
 * structured report, and that report as Markdown (fr, en). The report is
 * confidential to the group; anonymous evaluations carry no author; user text is
 * escaped so that it cannot inject Markdown or HTML.
 */
import { contractVersions } from './contract.ts'
import type { Lang } from './errors.ts'
import {
  type CodevShape,
  type ConsultationType,
  type NoteKind,
  parseRecord,
  shapeText,
  type Vote,
} from './records.ts'
import type { EvaluationSummary, SessionState, Subject } from './sessionState.ts'

export interface ReportNote {
  id: string
  text: string
  author: string
  /** Who wrote it on the board for the author (the secretary or the facilitator as scribe). */
  writtenBy?: string
}

export interface SessionReport {
  sessionId: string
  closed: boolean
  client: string | null
  subject: Subject | null
  contract: {
    requests: string[]
    consultationTypes: ConsultationType[]
    confirmedBy: string[]
  }
  questions: { question: ReportNote; answers: ReportNote[] }[]
  contributions: Partial<Record<NoteKind, ReportNote[]>>
  clusters: { title: string; sources: string[] }[]
  actions: {
    what: string
    firstStep: string
    dueDate: string | null
    successIndicator: string
    sources: string[]
  }[]
  followUps: { status: string; text: string; comment: string }[]
  learnings: ReportNote[]
  /** The regulation for next time, written in the apprentissage & régulation step. */
  regulations: ReportNote[]
  evaluation: EvaluationSummary
  proposals: { title: string; kind: string; votes: number }[]
}

/** Kinds shown as "contributions by type" (the consultation's material). */
const CONTRIBUTION_KINDS: NoteKind[] = [
  'impression',
  'reflective-question',
  'idea',
  'suggestion',
  'feeling',
  'experience',
  'resource',
  'note',
]

/** What a report says once retention purged its session's contents (the day: YYYY-MM-DD). */
export function purgedNotice(purgedOn: string, lang: Lang): string {
  return lang === 'fr'
    ? `Contenu purgé le ${purgedOn}, au terme de la durée de conservation fixée par le groupe.`
    : `Contents purged on ${purgedOn}, at the end of the retention period the group set.`
}

/** Records may be the root map's values or an id-keyed object of them. */
export function buildReport(
  records: readonly unknown[] | Record<string, unknown>,
  state: SessionState,
): SessionReport {
  const values = Array.isArray(records) ? records : Object.values(records)
  const shapes: CodevShape[] = []
  const votes: Vote[] = []
  for (const value of values) {
    const parsed = parseRecord(value)
    if (!parsed.ok) continue
    if (parsed.record.typeName === 'shape') shapes.push(parsed.record)
    if (parsed.record.typeName === 'codev_vote') votes.push(parsed.record)
  }
  shapes.sort((a, b) => a.y - b.y || a.x - b.x || a.id.localeCompare(b.id))
  const names = new Map(state.members.map((m) => [m.id as string, m.name ?? m.id]))
  const nameOf = (id: string) => names.get(id) ?? id
  const byId = new Map(shapes.map((s) => [s.id, s]))
  /** The texts of the source notes that still exist. */
  const sourcesOf = (s: CodevShape) =>
    (s.meta.sources ?? []).flatMap((id) => {
      const source = byId.get(id)
      return source ? [shapeText(source)] : []
    })
  const note = (s: CodevShape): ReportNote => ({
    id: s.id,
    text: shapeText(s),
    author: nameOf(s.meta.onBehalfOf ?? s.meta.author),
    ...(s.meta.onBehalfOf === undefined ? {} : { writtenBy: nameOf(s.meta.author) }),
  })
  const ofKind = (kind: NoteKind) => shapes.filter((s) => s.meta.kind === kind)

  const contributions: Partial<Record<NoteKind, ReportNote[]>> = {}
  for (const kind of CONTRIBUTION_KINDS) {
    const list = ofKind(kind).map(note)
    if (list.length > 0) contributions[kind] = list
  }
  const requests = contractVersions(shapes)

  return {
    sessionId: state.sessionId,
    closed: state.status === 'closed',
    client: state.clientId === null ? null : nameOf(state.clientId),
    subject: state.subject,
    contract: {
      requests: requests.map((version) => version.request),
      consultationTypes: [...new Set(requests.flatMap((version) => version.consultationTypes))],
      confirmedBy: state.contractConfirmations.map(nameOf),
    },
    questions: ofKind('question').map((q) => ({
      question: note(q),
      answers: ofKind('answer')
        .filter((a) => a.meta.answersTo === q.id)
        .map(note),
    })),
    contributions,
    clusters: ofKind('cluster').map((s) => ({
      title: shapeText(s),
      sources: sourcesOf(s),
    })),
    actions: ofKind('action').map((s) => {
      const action = s.meta.action!
      return {
        what: action.what,
        firstStep: action.firstStep,
        dueDate: action.dueDate ?? null,
        successIndicator: action.successIndicator,
        sources: sourcesOf(s),
      }
    }),
    followUps: ofKind('followup').map((s) => ({
      status: s.meta.followUp!.status,
      text: shapeText(s),
      comment: s.meta.followUp!.comment ?? '',
    })),
    learnings: ofKind('learning').map(note),
    // The regulation decided in this session, not the previous one's carried into the retour.
    regulations: ofKind('regulation')
      .filter((s) => s.meta.phase === 'apprentissage')
      .map(note),
    // Aggregated by the server from private evaluations: no member id here.
    evaluation: state.evaluations,
    proposals: ofKind('proposal').map((s) => ({
      title: s.meta.proposal!.title,
      kind: s.meta.proposal!.kind,
      votes: votes.filter((v) => v.proposalId === s.id).length,
    })),
  }
}

/**
 * Neutralises Markdown and HTML in user text: HTML-significant characters become
 * entities, Markdown punctuation is backslash-escaped, line breaks become spaces
 * (so no text can open a heading, list or block).
 */
export function escapeMarkdown(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/[\\`*_{}[\]()#+\-.!|~]/g, '\\$&')
    .replace(/\s*[\r\n]+\s*/g, ' ')
}

/** The report's headings and words, for the Markdown here and the print view of the web app. */
export const REPORT_LABELS = {
  fr: {
    title: 'Rapport de séance',
    confidential:
      '> Confidentiel : ce rapport appartient au groupe. Ce qui est dit dans le groupe reste dans le groupe.',
    client: 'Client',
    subject: 'Sujet',
    none: '(aucun)',
    contract: 'Contrat',
    confirmedBy: 'Confirmé par',
    types: 'Types de consultation',
    questions: 'Questions de clarification',
    contributions: 'Contributions',
    clusters: 'Regroupements',
    actions: "Plan d'action",
    firstStep: 'Premier pas',
    due: 'Échéance',
    success: 'Indicateur de réussite',
    from: 'Issu de',
    followUps: 'Retour sur le plan précédent',
    learnings: 'Apprentissages',
    evaluation: 'Évaluation de la séance',
    count: 'Évaluations',
    appreciation: 'Appréciation moyenne (sur 5)',
    method: 'Respect de la méthode (sur 5)',
    anonymous: 'anonyme',
    writtenBy: 'écrit par',
    regulate: 'À réguler la prochaine fois',
    expectations: 'Attentes',
    learningsOf: 'Apprentissages',
    applications: 'Applications',
    regulations: 'Régulation pour la prochaine fois',
    proposals: 'Sujets proposés',
    votes: 'votes',
    subjectKinds: { preoccupation: 'Préoccupation', probleme: 'Problème', projet: 'Projet' },
    status: { done: 'fait', 'in-progress': 'en cours', dropped: 'abandonné' },
  },
  en: {
    title: 'Session report',
    confidential:
      '> Confidential: this report belongs to the group. What is said in the group stays in the group.',
    client: 'Client',
    subject: 'Subject',
    none: '(none)',
    contract: 'Contract',
    confirmedBy: 'Confirmed by',
    types: 'Kinds of consultation',
    questions: 'Clarifying questions',
    contributions: 'Contributions',
    clusters: 'Clusters',
    actions: 'Action plan',
    firstStep: 'First step',
    due: 'Due',
    success: 'Success indicator',
    from: 'From',
    followUps: 'Follow-up on the previous plan',
    learnings: 'Learnings',
    evaluation: 'Session evaluation',
    count: 'Evaluations',
    appreciation: 'Average appreciation (out of 5)',
    method: 'Method respected (out of 5)',
    anonymous: 'anonymous',
    writtenBy: 'written by',
    regulate: 'To regulate next time',
    expectations: 'Expectations',
    learningsOf: 'Learnings',
    applications: 'Applications',
    regulations: 'Regulation for next time',
    proposals: 'Proposed subjects',
    votes: 'votes',
    subjectKinds: { preoccupation: 'Preoccupation', probleme: 'Problem', projet: 'Project' },
    status: { done: 'done', 'in-progress': 'in progress', dropped: 'dropped' },
  },
} as const

const KIND_TITLES: Record<NoteKind, { fr: string; en: string }> = {
  note: { fr: 'Notes', en: 'Notes' },
  question: { fr: 'Questions', en: 'Questions' },
  answer: { fr: 'Réponses', en: 'Answers' },
  impression: { fr: 'Impressions', en: 'Impressions' },
  'reflective-question': { fr: 'Questions réflexives', en: 'Reflective questions' },
  idea: { fr: 'Idées', en: 'Ideas' },
  suggestion: { fr: 'Suggestions', en: 'Suggestions' },
  feeling: { fr: 'Ressentis', en: 'Feelings' },
  experience: { fr: 'Expériences', en: 'Experiences' },
  resource: { fr: 'Ressources', en: 'Resources' },
  learning: { fr: 'Apprentissages', en: 'Learnings' },
  proposal: { fr: 'Propositions de sujet', en: 'Subject proposals' },
  'contract-request': { fr: 'Demande', en: 'Request' },
  cluster: { fr: 'Regroupements', en: 'Clusters' },
  action: { fr: 'Actions', en: 'Actions' },
  followup: { fr: 'Suivis', en: 'Follow-ups' },
  evaluation: { fr: 'Évaluations', en: 'Evaluations' },
  regulation: { fr: 'Régulation', en: 'Regulation' },
  free: { fr: 'Dessins libres', en: 'Free drawing' },
}

export function kindTitle(kind: NoteKind, lang: Lang): string {
  return KIND_TITLES[kind][lang]
}

export function reportToMarkdown(report: SessionReport, lang: Lang): string {
  const t = REPORT_LABELS[lang]
  const e = escapeMarkdown
  const item = (n: ReportNote) =>
    `- ${e(n.text)} — ${e(n.author)}${n.writtenBy === undefined ? '' : ` (${t.writtenBy} ${e(n.writtenBy)})`}`
  const lines: string[] = [`# ${t.title} ${e(report.sessionId)}`, '', t.confidential, '']
  const section = (title: string, body: string[]) => {
    lines.push(`## ${title}`, '', ...(body.length > 0 ? body : [t.none]), '')
  }
  const subject = report.subject
  section(t.subject, [
    `- ${t.client} : ${report.client === null ? t.none : e(report.client)}`,
    ...(subject === null
      ? []
      : [
          `- ${t.subjectKinds[subject.kind]} : ${e(subject.title)}`,
          ...(subject.why ? [`- ${e(subject.why)}`] : []),
        ]),
  ])
  if (report.followUps.length > 0) {
    section(
      t.followUps,
      report.followUps.map((f) => {
        const status = t.status[f.status as keyof typeof t.status]
        return `- [${status}] ${e(f.text)}${f.comment ? ` — ${e(f.comment)}` : ''}`
      }),
    )
  }
  if (report.proposals.length > 0) {
    section(
      t.proposals,
      report.proposals.map((p) => `- ${e(p.title)} (${t.votes} : ${p.votes})`),
    )
  }
  section(t.contract, [
    ...report.contract.requests.map((r) => `- ${e(r)}`),
    ...(report.contract.consultationTypes.length > 0
      ? [`- ${t.types} : ${report.contract.consultationTypes.join(', ')}`]
      : []),
    ...(report.contract.confirmedBy.length > 0
      ? [`- ${t.confirmedBy} : ${report.contract.confirmedBy.map(e).join(', ')}`]
      : []),
  ])
  section(
    t.questions,
    report.questions.flatMap((q) => [item(q.question), ...q.answers.map((a) => `  ${item(a)}`)]),
  )
  const contributionLines: string[] = []
  for (const [kind, notes] of Object.entries(report.contributions) as [NoteKind, ReportNote[]][]) {
    if (contributionLines.length > 0) contributionLines.push('')
    contributionLines.push(`### ${kindTitle(kind, lang)}`, '', ...notes.map(item))
  }
  section(t.contributions, contributionLines)
  section(
    t.clusters,
    report.clusters.flatMap((c) => [`- ${e(c.title)}`, ...c.sources.map((s) => `  - ${e(s)}`)]),
  )
  section(
    t.actions,
    report.actions.map((a) =>
      [
        `- **${e(a.what)}**`,
        `  - ${t.firstStep} : ${e(a.firstStep)}`,
        `  - ${t.due} : ${a.dueDate ?? t.none}`,
        `  - ${t.success} : ${e(a.successIndicator)}`,
        ...(a.sources.length > 0 ? [`  - ${t.from} : ${a.sources.map(e).join(' ; ')}`] : []),
      ].join('\n'),
    ),
  )
  section(t.learnings, report.learnings.map(item))
  if (report.regulations.length > 0) section(t.regulations, report.regulations.map(item))
  const ev = report.evaluation
  const fmt = (n: number | null) => (n === null ? t.none : n.toFixed(1))
  section(t.evaluation, [
    `- ${t.count} : ${ev.count}`,
    `- ${t.appreciation} : ${fmt(ev.averageAppreciation)}`,
    `- ${t.method} : ${fmt(ev.averageMethodRespected)}`,
    ...ev.comments.map((c) => `- ${e(c.text)} — ${c.author === null ? t.anonymous : e(c.author)}`),
    ...ev.regulateNextTime.map((r) => `- ${t.regulate} : ${e(r)}`),
    ...ev.expectations.map((r) => `- ${t.expectations} : ${e(r)}`),
    ...ev.learnings.map((r) => `- ${t.learningsOf} : ${e(r)}`),
    ...ev.applications.map((r) => `- ${t.applications} : ${e(r)}`),
  ])
  return `${lines.join('\n').trimEnd()}\n`
}
