// Attachments 附件 of notices: what may be uploaded (the server decides the type from the bytes; the page only
// refuses what is sure to fail: an empty file, one over 5 MiB, an 11th), sizes in words, a label of each type.
import { isApiError } from '@/api/http'
import type { NoticeAttachment } from '@/api/types'

/** The server refuses bodies above 5 MiB (413). */
export const ATTACHMENT_MAX_BYTES = 5 * 1024 * 1024
/** And an 11th attachment of a notice (409 too_many_attachments). */
export const ATTACHMENT_MAX_COUNT = 10
/**
 * What the file picker offers. Only a hint to the picker: whatever is chosen goes to the server, which judges by
 * the bytes (a PDF named .exe is kept as .pdf, an EXE named .pdf refused with its message).
 */
export const ATTACHMENT_ACCEPT =
  '.pdf,.docx,.xlsx,.png,.jpg,.jpeg,application/pdf,image/png,image/jpeg,' +
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document,' +
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'

export type AttachmentFileCheck = { ok: true } | { ok: false; reason: 'empty' | 'size' | 'count' }

/** Before an upload: not empty, at most 5 MiB, room for one more (`present`: the notice's attachments now). */
export function checkAttachmentFile(file: { size: number }, present: number): AttachmentFileCheck {
  if (present >= ATTACHMENT_MAX_COUNT) return { ok: false, reason: 'count' }
  if (file.size <= 0) return { ok: false, reason: 'empty' }
  if (file.size > ATTACHMENT_MAX_BYTES) return { ok: false, reason: 'size' }
  return { ok: true }
}

/** 532 B, 12.3 KB, 4.8 MB (binary units, one decimal below 100). */
export function formatFileSize(bytes: number): string {
  if (!Number.isFinite(bytes) || bytes < 0) return ''
  if (bytes < 1024) return `${Math.round(bytes)} B`
  const units = ['KB', 'MB', 'GB']
  let v = bytes / 1024
  let i = 0
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024
    i++
  }
  return `${v < 100 ? v.toFixed(1) : Math.round(v)} ${units[i]}`
}

/** A short label of the file's type (PDF, Word, Excel, 图片), from the type the server found. */
export function attachmentKind(a: Pick<NoticeAttachment, 'content_type'>): 'pdf' | 'word' | 'excel' | 'image' | 'other' {
  const t = a.content_type.split(';')[0]!.trim().toLowerCase()
  if (t === 'application/pdf') return 'pdf'
  if (t.includes('wordprocessingml')) return 'word'
  if (t.includes('spreadsheetml')) return 'excel'
  if (t.startsWith('image/')) return 'image'
  return 'other'
}

/**
 * Why an upload was refused, in the server's words where it gave some (422 unsupported_file_type, 409
 * too_many_attachments); `tooLarge` for 413, whose generic text says less than the page can.
 */
export function attachmentRefusal(e: unknown, texts: { tooLarge: string; fallback: string }): string {
  if (isApiError(e)) {
    if (e.status === 413) return texts.tooLarge
    return e.detail || e.errors.find((x) => x.message)?.message || texts.fallback
  }
  return texts.fallback
}
