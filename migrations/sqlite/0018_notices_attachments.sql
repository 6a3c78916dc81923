-- Attachments of notices (operation manuals, forms): the bytes as base64 text, so that they are served only
-- through the API's access checks, travel with backups and are shared by every app node.
CREATE TABLE notices_attachments (
  id INTEGER PRIMARY KEY,
  notice_id INTEGER NOT NULL REFERENCES notices_notices(id),
  file_name TEXT NOT NULL,
  content_type TEXT NOT NULL,
  size INTEGER NOT NULL CHECK (size > 0),
  sha256 TEXT NOT NULL,
  content_base64 TEXT NOT NULL,
  uploaded_by INTEGER NOT NULL REFERENCES identity_accounts(id),
  uploaded_at INTEGER NOT NULL
) STRICT;
CREATE INDEX notices_attachments_notice ON notices_attachments(notice_id, id);
