// 批量导入志愿者 and 账号激活: the template file, labels of the fields a row can be refused for, the result in a
// line, and the checks of the activation form before it goes to the server (which checks again).
import type { VolunteerImportError, VolunteerImportResult } from '@/api/types'
import { isStrongPassword } from './validators'

/** The template's header row; the server also reads 身份证号/手机号/县区 and the English names, in any order. */
export const IMPORT_TEMPLATE_HEADER = ['姓名', '身份证号码', '手机号码', '政治面貌', '所在县区'] as const
export const IMPORT_TEMPLATE_NAME = '批量导入志愿者模板.csv'
/** What 政治面貌 may say (the codes party_member … masses are read too); empty means 群众. */
export const IMPORT_POLITICAL_VALUES = ['中共党员', '中共预备党员', '共青团员', '群众'] as const

/**
 * The template CSV: the header row only (a sample row would be imported), UTF-8 with a byte order mark (Excel on
 * Windows reads the Chinese names correctly only with it), CRLF line ends.
 */
export function importTemplateCsv(): string {
  return `\uFEFF${IMPORT_TEMPLATE_HEADER.join(',')}\r\n`
}

export const IMPORT_FIELDS = ['name', 'id_number', 'phone', 'political_status', 'county'] as const
export type ImportField = (typeof IMPORT_FIELDS)[number]
export const isImportField = (f: string): f is ImportField => (IMPORT_FIELDS as readonly string[]).includes(f)

/** The errors in file order (line, then the order the server gave). */
export function sortedImportErrors(errors: readonly VolunteerImportError[] | null | undefined): VolunteerImportError[] {
  return (errors ?? []).map((e, i) => ({ e, i })).sort((a, b) => a.e.line - b.e.line || a.i - b.i).map((x) => x.e)
}

/** The distinct refused lines, ascending (a line may carry several errors). */
export function importErrorLines(errors: readonly VolunteerImportError[] | null | undefined): number[] {
  return [...new Set((errors ?? []).map((e) => e.line))].sort((a, b) => a - b)
}

/** 'ok' nothing refused; 'partial' some rows refused; 'none' every row refused (or the file had none). */
export function importOutcome(r: Pick<VolunteerImportResult, 'rows' | 'rejected'>): 'ok' | 'partial' | 'none' {
  if (r.rows === 0 || r.rejected >= r.rows) return 'none'
  return r.rejected > 0 ? 'partial' : 'ok'
}

export type ActivationProblem = 'required' | 'weak' | 'confirm_required' | 'mismatch'

/** The activation form's own checks: a password the policy takes (≥ 8, three classes), typed twice. */
export function activationProblems(password: string, confirm: string): Partial<Record<'password' | 'confirm', ActivationProblem>> {
  const out: Partial<Record<'password' | 'confirm', ActivationProblem>> = {}
  if (!password) out.password = 'required'
  else if (!isStrongPassword(password)) out.password = 'weak'
  if (!confirm) out.confirm = 'confirm_required'
  else if (password && confirm !== password) out.confirm = 'mismatch'
  return out
}

/** The token of /activate/:token as the router gives it (a string, or the first of repeated params). */
export function activationToken(param: string | string[] | undefined): string {
  const v = Array.isArray(param) ? param[0] : param
  return (v ?? '').trim()
}
