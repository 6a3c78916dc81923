// Notices 通知 to units and their receipts 回执: the city admin publishes, each addressed unit's contact answers
// (responsible leader, designated contact), the city sees who answered on time, late or not yet, and reminds the
// rest (docs/api.md "Units, notices and receipts").
import { apiPath, http, request } from './http'
import type { Notice, NoticeAttachment, NoticeInput, Receipt, ReceiptBoard, ReceiptInput, ReminderResult } from './types'

/** City admin: every notice; a unit contact: those addressed to their units (newest first). */
export async function listNotices(): Promise<Notice[]> {
  const res = await http.get<{ items: Notice[] }>(apiPath('notices'))
  return res?.items ?? []
}

export function getNotice(id: number): Promise<Notice> {
  return http.get<Notice>(apiPath('notices', id))
}

/** City admin. 422 field errors: title, body, deadline (invalid_time | in_past), unit_ids (required | unknown_unit). */
export function publishNotice(body: NoticeInput): Promise<Notice> {
  return http.post<Notice>(apiPath('notices'), {
    title: body.title.trim(),
    body: body.body.trim(),
    deadline: body.deadline,
    unit_ids: body.unit_ids,
  })
}

/**
 * A contact of an addressed unit answers (again: corrects the receipt). `unit_id` only when answering for one of
 * several addressed units. 422 field errors beside the fields (contact_phone, contact_email, unit_id, …).
 */
export function submitReceipt(noticeId: number, input: ReceiptInput): Promise<Receipt> {
  const body: Record<string, unknown> = {
    leader_name: input.leader_name.trim(),
    contact_name: input.contact_name.trim(),
    contact_position: input.contact_position.trim(),
    contact_phone: input.contact_phone.trim(),
    contact_email: input.contact_email.trim(),
  }
  if (input.unit_id !== undefined) body.unit_id = input.unit_id
  return http.post<Receipt>(apiPath('notices', noticeId, 'receipts'), body)
}

/** City admin: the receipt board. */
export function getReceiptBoard(noticeId: number): Promise<ReceiptBoard> {
  return http.get<ReceiptBoard>(apiPath('notices', noticeId, 'receipts'))
}

/** City admin: reminds the contacts of every unit that has not answered (in the app and by SMS). */
export function sendReminders(noticeId: number): Promise<ReminderResult> {
  return http.post<ReminderResult>(apiPath('notices', noticeId, 'reminders'))
}

/**
 * City admin: attaches a file (the body is the file itself). The server decides the type from the bytes (PDF, DOCX,
 * XLSX, PNG, JPEG) and cleans the name. 422 `unsupported_file_type`, 409 `too_many_attachments` (10), 413 above
 * 5 MiB.
 */
export function uploadNoticeAttachment(noticeId: number, file: Blob, fileName: string): Promise<NoticeAttachment> {
  return request<NoticeAttachment>(apiPath('notices', noticeId, 'attachments'), {
    method: 'POST',
    query: { file_name: fileName },
    rawBody: file,
    contentType: 'application/octet-stream',
  })
}

/** City admin: removes an attachment (204). */
export function deleteNoticeAttachment(noticeId: number, attachmentId: number): Promise<void> {
  return http.del<void>(apiPath('notices', noticeId, 'attachments', attachmentId))
}
