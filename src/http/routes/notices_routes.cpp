#include "http/routes/route_helpers.hpp"

namespace zhiyuan::http {

namespace nt = domain::notices;
using nlohmann::json;

namespace {

json NoticeJson(const nt::Notice& n) {
  auto units = json::array();
  for (auto u : n.units) units.push_back(u.value);
  return {{"id", n.id.value},
          {"title", n.title},
          {"body", n.body},
          {"deadline", core::FormatRfc3339(n.deadline)},
          {"published_at", core::FormatRfc3339(n.published_at)},
          {"unit_ids", std::move(units)},
          {"answered", n.answered}};
}

json ReceiptJson(const nt::Receipt& r) {
  return {{"notice_id", r.notice.value},
          {"unit_id", r.unit.value},
          {"leader_name", r.leader_name},
          {"contact_name", r.contact_name},
          {"contact_position", r.contact_position},
          {"contact_phone", r.contact_phone_masked},
          {"contact_email", r.contact_email},
          {"submitted_at", core::FormatRfc3339(r.submitted_at)},
          {"updated_at", core::FormatRfc3339(r.updated_at)}};
}

json AttachmentJson(const nt::Attachment& a) {
  return {{"id", a.id.value},
          {"file_name", a.file_name},
          {"content_type", a.content_type},
          {"size", a.size},
          {"sha256", a.sha256},
          {"uploaded_at", core::FormatRfc3339(a.uploaded_at)},
          {"url", "/api/v1/notices/" + std::to_string(a.notice.value) + "/attachments/" + std::to_string(a.id.value)}};
}

json StandingJson(const nt::UnitStanding& u) {
  return {{"unit_id", u.status.unit.value},
          {"unit_name", u.status.unit_name},
          {"region_name", u.status.region_name},
          {"status", nt::ToString(u.standing)},
          {"receipt", u.status.receipt ? ReceiptJson(*u.status.receipt) : json(nullptr)}};
}

}  // namespace

void AddNoticeRoutes(Router& router, Services& s) {
  router.Add("POST", "/api/v1/notices", Access::kAuthenticated, [&s](Context& ctx) {
    ZY_BODY(body, ctx);
    auto title = body.Str("title");
    auto text = body.Str("body");
    auto deadline = body.Str("deadline");
    auto units = body.OptIntList("unit_ids").value_or(std::vector<std::int64_t>{});
    ZY_BODY_DONE(body, ctx);
    auto n = s.notices.Publish(ctx.Caller(), title, text, deadline, units, ctx.meta);
    if (!n.ok()) return Fail(ctx, n.error());
    return Response::Json(201, NoticeJson(*n));
  }).For(kCityAdmins);

  router.Add("GET", "/api/v1/notices", Access::kAuthenticated, [&s](Context& ctx) {
    return ReplyItems(ctx, core::Result<std::vector<nt::Notice>>(s.notices.List(ctx.Caller())), NoticeJson);
  }).ForAnyAccount();

  router.Add("GET", "/api/v1/notices/{id}", Access::kAuthenticated, [&s](Context& ctx) {
    auto id = PathId(ctx, "id");
    if (!id) return NotFound(ctx);
    auto n = s.notices.Get(ctx.Caller(), nt::NoticeId(*id));
    if (!n.ok()) return Fail(ctx, n.error());
    auto out = NoticeJson(*n);
    auto attachments = json::array();
    if (auto list = s.notices.Attachments(ctx.Caller(), n->id); list.ok())
      for (const auto& a : *list) attachments.push_back(AttachmentJson(a));
    out["attachments"] = std::move(attachments);
    // A unit contact also sees where their own units stand, with the receipt to correct.
    if (!ctx.Caller().IsCityAdmin()) {
      auto items = json::array();
      if (auto board = s.notices.Board(ctx.Caller(), n->id); board.ok())
        for (const auto& u : board->units) items.push_back(StandingJson(u));
      out["mine"] = std::move(items);
    }
    return Response::Json(200, out);
  }).ForAnyAccount();

  router.Add("POST", "/api/v1/notices/{id}/receipts", Access::kAuthenticated, [&s](Context& ctx) {
    auto id = PathId(ctx, "id");
    if (!id) return NotFound(ctx);
    ZY_BODY(body, ctx);
    nt::ReceiptInput in;
    in.unit_id = body.OptInt("unit_id");
    in.leader_name = body.Str("leader_name");
    in.contact_name = body.Str("contact_name");
    in.contact_position = body.Str("contact_position");
    in.contact_phone = body.Str("contact_phone");
    in.contact_email = body.Str("contact_email");
    ZY_BODY_DONE(body, ctx);
    auto r = s.notices.Answer(ctx.Caller(), nt::NoticeId(*id), in, ctx.meta);
    if (!r.ok()) return Fail(ctx, r.error());
    return Response::Json(201, ReceiptJson(*r));
  }).ForAnyAccount();

  // Who has answered and who is late (the city admin).
  router.Add("GET", "/api/v1/notices/{id}/receipts", Access::kAuthenticated, [&s](Context& ctx) {
    auto id = PathId(ctx, "id");
    if (!id) return NotFound(ctx);
    auto board = s.notices.Board(ctx.Caller(), nt::NoticeId(*id));
    if (!board.ok()) return Fail(ctx, board.error());
    auto items = json::array();
    int answered = 0, late = 0, pending = 0;
    for (const auto& u : board->units) {
      answered += u.standing == nt::Standing::kAnswered || u.standing == nt::Standing::kAnsweredLate;
      late += u.standing == nt::Standing::kLate || u.standing == nt::Standing::kAnsweredLate;
      pending += u.standing == nt::Standing::kPending;
      items.push_back(StandingJson(u));
    }
    return Response::Json(200, {{"notice", NoticeJson(board->notice)},
                                {"answered", answered},
                                {"late", late},
                                {"pending", pending},
                                {"items", std::move(items)}});
  }).ForAnyAccount();

  router.Add("POST", "/api/v1/notices/{id}/reminders", Access::kAuthenticated, [&s](Context& ctx) {
    auto id = PathId(ctx, "id");
    if (!id) return NotFound(ctx);
    auto r = s.notices.Remind(ctx.Caller(), nt::NoticeId(*id), ctx.meta);
    if (!r.ok()) return Fail(ctx, r.error());
    return Response::Json(200, {{"units", r->units}, {"contacts", r->contacts}});
  }).For(kCityAdmins).Limit("sms");

  // The body is the file itself; its type is decided from its bytes (PDF, DOCX, XLSX, PNG, JPEG).
  router
      .Add("POST", "/api/v1/notices/{id}/attachments", Access::kAuthenticated,
           [&s](Context& ctx) {
             auto id = PathId(ctx, "id");
             if (!id) return NotFound(ctx);
             auto a = s.notices.Attach(ctx.Caller(), nt::NoticeId(*id), ctx.request.Query("file_name").value_or(""),
                                       ctx.request.body, ctx.meta);
             if (!a.ok()) return Fail(ctx, a.error());
             return Response::Json(201, AttachmentJson(*a));
           }).For(kCityAdmins)
      .AcceptUploads(5u << 20);

  router.Add("GET", "/api/v1/notices/{id}/attachments/{attachment_id}", Access::kAuthenticated, [&s](Context& ctx) {
    auto id = PathId(ctx, "id");
    auto attachment = PathId(ctx, "attachment_id");
    if (!id || !attachment) return NotFound(ctx);
    auto file = s.notices.Download(ctx.Caller(), nt::NoticeId(*id), nt::AttachmentId(*attachment));
    if (!file.ok()) return Fail(ctx, file.error());
    return Response::File(file->first.content_type, std::move(file->second),
                          AttachmentDisposition(file->first.file_name));
  }).ForAnyAccount();

  router.Add("DELETE", "/api/v1/notices/{id}/attachments/{attachment_id}", Access::kAuthenticated, [&s](Context& ctx) {
    auto id = PathId(ctx, "id");
    auto attachment = PathId(ctx, "attachment_id");
    if (!id || !attachment) return NotFound(ctx);
    auto done = s.notices.Detach(ctx.Caller(), nt::NoticeId(*id), nt::AttachmentId(*attachment), ctx.meta);
    if (!done.ok()) return Fail(ctx, done.error());
    return Response::NoContent();
  }).For(kCityAdmins);
}

}  // namespace zhiyuan::http
