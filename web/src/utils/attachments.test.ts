import { describe, expect, it } from 'vitest'
import { ApiError } from '@/api/http'
import {
  ATTACHMENT_MAX_BYTES,
  ATTACHMENT_MAX_COUNT,
  attachmentKind,
  attachmentRefusal,
  checkAttachmentFile,
  formatFileSize,
} from './attachments'

describe('attachment uploads', () => {
  it('refuses only what is sure to fail: empty, over 5 MiB, an 11th file', () => {
    expect(checkAttachmentFile({ size: 1 }, 0)).toEqual({ ok: true })
    expect(checkAttachmentFile({ size: ATTACHMENT_MAX_BYTES }, 9)).toEqual({ ok: true })
    expect(checkAttachmentFile({ size: ATTACHMENT_MAX_BYTES + 1 }, 0)).toEqual({ ok: false, reason: 'size' })
    expect(checkAttachmentFile({ size: 0 }, 0)).toEqual({ ok: false, reason: 'empty' })
    expect(checkAttachmentFile({ size: 10 }, ATTACHMENT_MAX_COUNT)).toEqual({ ok: false, reason: 'count' })
    expect(ATTACHMENT_MAX_BYTES).toBe(5 * 1024 * 1024)
  })

  it('shows the server’s reason, and its own words for 413', () => {
    const texts = { tooLarge: '文件超过 5 MB', fallback: '请求失败' }
    const unsupported = new ApiError(422, { code: 'unsupported_file_type', detail: '附件仅支持 PDF、Word（.docx）、Excel（.xlsx）、PNG、JPG 文件' })
    expect(attachmentRefusal(unsupported, texts)).toBe('附件仅支持 PDF、Word（.docx）、Excel（.xlsx）、PNG、JPG 文件')
    expect(attachmentRefusal(new ApiError(409, { code: 'too_many_attachments', detail: '每个通知最多10个附件' }), texts)).toBe('每个通知最多10个附件')
    expect(attachmentRefusal(new ApiError(413, { code: 'body_too_large', detail: '请求内容过大（上限5MB）' }), texts)).toBe('文件超过 5 MB')
    expect(attachmentRefusal(new ApiError(422, { errors: [{ field: 'file', code: 'x', message: '坏文件' }] }), texts)).toBe('坏文件')
    expect(attachmentRefusal(new Error('boom'), texts)).toBe('请求失败')
  })
})

describe('attachment display', () => {
  it('writes sizes in B, KB and MB', () => {
    expect(formatFileSize(0)).toBe('0 B')
    expect(formatFileSize(1023)).toBe('1023 B')
    expect(formatFileSize(1024)).toBe('1.0 KB')
    expect(formatFileSize(1536)).toBe('1.5 KB')
    expect(formatFileSize(200 * 1024)).toBe('200 KB')
    expect(formatFileSize(5 * 1024 * 1024)).toBe('5.0 MB')
    expect(formatFileSize(-1)).toBe('')
    expect(formatFileSize(Number.NaN)).toBe('')
  })

  it('names the type the server found', () => {
    expect(attachmentKind({ content_type: 'application/pdf' })).toBe('pdf')
    expect(attachmentKind({ content_type: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document' })).toBe('word')
    expect(attachmentKind({ content_type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' })).toBe('excel')
    expect(attachmentKind({ content_type: 'image/png' })).toBe('image')
    expect(attachmentKind({ content_type: 'IMAGE/JPEG; x=1' })).toBe('image')
    expect(attachmentKind({ content_type: 'application/octet-stream' })).toBe('other')
  })
})
