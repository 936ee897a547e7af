/**
 * At closing: download the session report as Markdown, or print it (to paper or
 * PDF) from a print-styled view. The report comes from the server, which checks
 * who may read it (the group, or the client alone if the client decided so).
 */
import {
  kindTitle,
  type NoteKind,
  purgedNotice,
  REPORT_LABELS,
  type ReportNote,
  type SessionReport,
} from '@codev/domain'
import { useState } from 'react'
import { useI18n } from '../i18n/useI18n.tsx'

async function fetchReport(sessionId: string, token: string, query: string): Promise<Response> {
  return fetch(`/api/sessions/${encodeURIComponent(sessionId)}/report${query}`, {
    headers: { authorization: `Bearer ${token}` },
  })
}

export function ReportActions({ sessionId, token }: { sessionId: string; token: string }) {
  const { language, t } = useI18n()
  const [report, setReport] = useState<PrintedReport | null>(null)
  const [problem, setProblem] = useState<string | null>(null)

  async function explain(response: Response) {
    const body = (await response.json().catch(() => ({}))) as { error?: string }
    setProblem(body.error === 'report/client-only' ? t('report.clientOnly') : t('report.failed'))
  }

  async function download() {
    const response = await fetchReport(sessionId, token, `?lang=${language}`)
    if (!response.ok) return explain(response)
    const url = URL.createObjectURL(await response.blob())
    const link = document.createElement('a')
    link.href = url
    link.download = `codev-${sessionId}.md`
    link.click()
    URL.revokeObjectURL(url)
  }

  async function print() {
    const response = await fetchReport(sessionId, token, '?format=json')
    if (!response.ok) return explain(response)
    setReport((await response.json()) as PrintedReport)
    // Let React paint the print view first.
    requestAnimationFrame(() => requestAnimationFrame(() => window.print()))
  }

  return (
    <span className="report-actions">
      <button type="button" onClick={download}>
        {t('report.download')}
      </button>
      <button type="button" onClick={print}>
        {t('report.print')}
      </button>
      {problem && (
        <span role="alert" className="report-problem">
          {problem}
        </span>
      )}
      {report && <ReportView report={report} />}
    </span>
  )
}

/** The report as the server sends it: with when retention purged it, if it did. */
type PrintedReport = SessionReport & { purgedAt?: number | null }

/** The report as a document, shown only when printing. */
function ReportView({ report }: { report: PrintedReport }) {
  const { language } = useI18n()
  const l = REPORT_LABELS[language]
  /** Who said it, and who wrote it when someone wrote it for them. */
  const byline = (n: ReportNote) =>
    `${n.author}${n.writtenBy === undefined ? '' : ` (${l.writtenBy} ${n.writtenBy})`}`
  const list = (items: string[]) =>
    items.length === 0 ? (
      <p>{l.none}</p>
    ) : (
      <ul>
        {items.map((item, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: a printed list, never reordered or edited
          <li key={i}>{item}</li>
        ))}
      </ul>
    )
  return (
    <article className="report-print" data-testid="report-print">
      <h1>{l.title}</h1>
      <p className="report-confidential">{l.confidential.replace(/^> /, '')}</p>
      {report.purgedAt ? (
        <p className="report-purged">
          {purgedNotice(new Date(report.purgedAt).toISOString().slice(0, 10), language)}
        </p>
      ) : null}
      <h2>{l.subject}</h2>
      <p>
        {report.subject
          ? `${l.subjectKinds[report.subject.kind]} — ${report.subject.title}`
          : l.none}
        {report.client ? ` (${l.client} : ${report.client})` : ''}
      </p>
      <h2>{l.contract}</h2>
      {list(report.contract.requests)}
      <h2>{l.questions}</h2>
      {list(
        report.questions.map(
          (q) =>
            `${q.question.text} — ${byline(q.question)}${q.answers.map((a) => ` → ${a.text}`).join('')}`,
        ),
      )}
      <h2>{l.contributions}</h2>
      {Object.keys(report.contributions).length === 0 && <p>{l.none}</p>}
      {Object.entries(report.contributions).map(([kind, notes]) => (
        <section key={kind}>
          <h3>{kindTitle(kind as NoteKind, language)}</h3>
          {list((notes ?? []).map((n) => `${n.text} — ${byline(n)}`))}
        </section>
      ))}
      <h2>{l.actions}</h2>
      {list(
        report.actions.map(
          (a) =>
            `${a.what} — ${l.firstStep} : ${a.firstStep}${a.dueDate ? ` — ${l.due} : ${a.dueDate}` : ''} — ${l.success} : ${a.successIndicator}`,
        ),
      )}
      <h2>{l.learnings}</h2>
      {list(report.learnings.map((n) => `${n.text} — ${byline(n)}`))}
      {report.regulations.length > 0 && (
        <>
          <h2>{l.regulations}</h2>
          {list(report.regulations.map((n) => `${n.text} — ${byline(n)}`))}
        </>
      )}
      <h2>{l.evaluation}</h2>
      {list([
        `${l.count} : ${report.evaluation.count}`,
        ...report.evaluation.comments.map((c) => `${c.text} — ${c.author ?? l.anonymous}`),
        ...report.evaluation.regulateNextTime.map((r) => `${l.regulate} : ${r}`),
      ])}
    </article>
  )
}
