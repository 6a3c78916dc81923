#include "storage/repositories.hpp"
#include "storage/sql_builder.hpp"

namespace zhiyuan::storage {

using namespace domain::notices;  // NOLINT: this file implements the notices port
using domain::units::UnitId;

namespace {

constexpr std::string_view kSelectNotice =
    "SELECT n.id, n.title, n.body, n.deadline, n.published_at, "
    "(SELECT COUNT(*) FROM notices_receipts r WHERE r.notice_id = n.id) FROM notices_notices n";

}  // namespace

NoticeId SqlNoticeRepository::Insert(const Notice& n, core::AccountId by) {
  NoticeId id(conn_
                  .QueryOne("INSERT INTO notices_notices (title, body, deadline, published_by, published_at) "
                            "VALUES ($1, $2, $3, $4, $5) RETURNING id",
                            {n.title, n.body, core::ToUnix(n.deadline), by.value, core::ToUnix(n.published_at)})
                  ->Int(0));
  for (auto unit : n.units)
    conn_.Execute("INSERT INTO notices_recipients (notice_id, unit_id) VALUES ($1, $2)", {id.value, unit.value});
  return id;
}

std::optional<Notice> SqlNoticeRepository::Find(NoticeId id) {
  static const std::string sql = Sql(kSelectNotice, " WHERE n.id = $1");
  auto row = conn_.QueryOne(sql, {id.value});
  if (!row) return std::nullopt;
  Notice n{id, row->Text(1), row->Text(2), core::FromUnix(row->Int(3)), core::FromUnix(row->Int(4)), {}, int(row->Int(5))};
  for (const auto& r : conn_.Query("SELECT unit_id FROM notices_recipients WHERE notice_id = $1 ORDER BY unit_id",
                                   {id.value}))
    n.units.emplace_back(r.Int(0));
  return n;
}

std::vector<Notice> SqlNoticeRepository::List(const std::vector<UnitId>& units, bool all) {
  SqlBuilder b;
  if (!all) {
    std::string in;
    for (auto u : units) in += (in.empty() ? "" : ", ") + b.Bind(u.value);
    b.Where("n.id IN (SELECT notice_id FROM notices_recipients WHERE unit_id IN (" + (in.empty() ? "0" : in) + "))");
  }
  std::vector<Notice> out;
  for (const auto& r : conn_.Query(Sql(kSelectNotice, b.where() + " ORDER BY n.id DESC LIMIT 200"), b.params()))
    out.push_back(*Find(NoticeId(r.Int(0))));
  return out;
}

bool SqlNoticeRepository::UpsertReceipt(const Receipt& r) {
  bool first = !conn_.QueryOne("SELECT 1 FROM notices_receipts WHERE notice_id = $1 AND unit_id = $2",
                               {r.notice.value, r.unit.value});
  conn_.Execute(
      "INSERT INTO notices_receipts (notice_id, unit_id, leader_name, contact_name, contact_position, contact_phone_enc, "
      "contact_phone_masked, contact_email, submitted_by, submitted_at, updated_at) "
      "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10) ON CONFLICT (notice_id, unit_id) DO UPDATE SET "
      "leader_name = excluded.leader_name, contact_name = excluded.contact_name, "
      "contact_position = excluded.contact_position, contact_phone_enc = excluded.contact_phone_enc, "
      "contact_phone_masked = excluded.contact_phone_masked, contact_email = excluded.contact_email, "
      "submitted_by = excluded.submitted_by, updated_at = excluded.updated_at",
      {r.notice.value, r.unit.value, r.leader_name, r.contact_name, r.contact_position, r.contact_phone_enc,
       r.contact_phone_masked, r.contact_email, r.submitted_by.value, core::ToUnix(r.submitted_at)});
  return first;
}

std::vector<ReceiptStatus> SqlNoticeRepository::Statuses(NoticeId id) {
  std::vector<ReceiptStatus> out;
  for (const auto& r : conn_.Query(
           "SELECT u.id, u.name, g.name, c.leader_name, c.contact_name, c.contact_position, c.contact_phone_enc, "
           "c.contact_phone_masked, c.contact_email, c.submitted_by, c.submitted_at, c.updated_at "
           "FROM notices_recipients t JOIN units_units u ON u.id = t.unit_id "
           "JOIN registry_regions g ON g.code = u.region_code "
           "LEFT JOIN notices_receipts c ON c.notice_id = t.notice_id AND c.unit_id = t.unit_id "
           "WHERE t.notice_id = $1 ORDER BY g.code, u.name",
           {id.value})) {
    ReceiptStatus s{UnitId(r.Int(0)), r.Text(1), r.Text(2), std::nullopt};
    if (!r.IsNull(10))
      s.receipt = Receipt{id,        s.unit,    r.Text(3),
                          r.Text(4), r.Text(5), r.Text(6),
                          r.Text(7), r.Text(8), core::AccountId(r.Int(9)),
                          core::FromUnix(r.Int(10)), core::FromUnix(r.Int(11))};
    out.push_back(std::move(s));
  }
  return out;
}

void SqlNoticeRepository::Outbox(const std::string& channel, std::optional<core::AccountId> account,
                                 const std::string& subject, const std::string& body, core::TimePoint at) {
  conn_.Execute("INSERT INTO notices_outbox (channel, account_id, subject, body, created_at) VALUES ($1, $2, $3, $4, $5)",
                {channel, account ? Value(account->value) : Value(), subject, body, core::ToUnix(at)});
}

namespace {

constexpr std::string_view kSelectAttachment =
    "SELECT id, notice_id, file_name, content_type, size, sha256, uploaded_at FROM notices_attachments";

Attachment ReadAttachment(const Row& r) {
  return {AttachmentId(r.Int(0)), NoticeId(r.Int(1)), r.Text(2), r.Text(3), r.Int(4), r.Text(5),
          core::FromUnix(r.Int(6))};
}

}  // namespace

AttachmentId SqlNoticeRepository::InsertAttachment(const Attachment& a, const std::string& content_base64,
                                                   core::AccountId by) {
  return AttachmentId(conn_
                          .QueryOne("INSERT INTO notices_attachments (notice_id, file_name, content_type, size, "
                                    "sha256, content_base64, uploaded_by, uploaded_at) "
                                    "VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
                                    {a.notice.value, a.file_name, a.content_type, a.size, a.sha256, content_base64,
                                     by.value, core::ToUnix(a.uploaded_at)})
                          ->Int(0));
}

std::vector<Attachment> SqlNoticeRepository::Attachments(NoticeId id) {
  static const std::string sql = Sql(kSelectAttachment, " WHERE notice_id = $1 ORDER BY id");
  std::vector<Attachment> out;
  for (const auto& r : conn_.Query(sql, {id.value})) out.push_back(ReadAttachment(r));
  return out;
}

std::optional<std::pair<Attachment, std::string>> SqlNoticeRepository::FindAttachment(NoticeId id,
                                                                                      AttachmentId attachment) {
  auto r = conn_.QueryOne("SELECT id, notice_id, file_name, content_type, size, sha256, uploaded_at, content_base64 "
                          "FROM notices_attachments WHERE notice_id = $1 AND id = $2",
                          {id.value, attachment.value});
  if (!r) return std::nullopt;
  return std::pair{ReadAttachment(*r), r->Text(7)};
}

bool SqlNoticeRepository::DeleteAttachment(NoticeId id, AttachmentId attachment) {
  return conn_
      .QueryOne("DELETE FROM notices_attachments WHERE notice_id = $1 AND id = $2 RETURNING id",
                {id.value, attachment.value})
      .has_value();
}

}  // namespace zhiyuan::storage
