-- Every PDF file served for a proof, by its SHA-256: a file downloaded after the renderer or the font changed
-- still verifies, because the hash of exactly what was handed out is recorded when it is handed out.
CREATE TABLE proofs_files (
  sha256 TEXT PRIMARY KEY,
  proof_id BIGINT NOT NULL REFERENCES proofs_proofs(id),
  first_served_at BIGINT NOT NULL
);
INSERT INTO proofs_files (sha256, proof_id, first_served_at) SELECT pdf_sha256, id, issued_at FROM proofs_proofs;
DROP INDEX proofs_proofs_pdf;
