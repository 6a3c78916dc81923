// The audit log (auditor only) — docs/api.md "Audit".
import { apiPath, http } from './http'
import type { AuditEvent, AuditQuery, Page } from './types'

export function listAuditEvents(query: AuditQuery = {}): Promise<Page<AuditEvent>> {
  return http.get<Page<AuditEvent>>(apiPath('audit-events'), { ...query })
}
