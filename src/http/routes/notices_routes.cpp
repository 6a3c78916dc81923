#include "http/routes/route_helpers.hpp"

namespace zhiyuan::http {

namespace nt = domain::notices;
namespace un = domain::units;
using nlohmann::json;

namespace {

json UnitJson(const un::Unit& u) {
  return {{"id", u.id.value},           {"name", u.name}, {"kind", u.kind}, {"region_code", u.region_code},
          {"region_name", u.region_name}, {"contacts", u.contacts}};
}

json ContactJson(const un::Contact& c) {
  return {{"account_id", c.account.value}, {"name", c.name}, {"phone", c.phone_masked}};
}

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

}  // namespace

void AddNoticeRoutes(Router& router, Services& s) {
  router.Add("POST", "/api/v1/units", Access::kAuthenticated, [&s](Context& ctx) {
    ZY_BODY(body, ctx);
    auto name = body.Str("name");
    auto kind = body.Str("kind");
    auto region = body.Str("region_code");
    ZY_BODY_DONE(body, ctx);
    auto u = s.units.Create(ctx.Caller(), name, kind, region, ctx.meta);
    if (!u.ok()) return Fail(ctx, u.error());
    return Response::Json(201, UnitJson(*u));
  });

  router.Add("GET", "/api/v1/units", Access::kAuthenticated, [&s](Context& ctx) {
    if (ctx.request.Query("mine").value_or("") == "true")
      return ReplyItems(ctx, core::Result<std::vector<un::Unit>>(s.units.Mine(ctx.Caller())), UnitJson);
    return ReplyItems(ctx, s.units.Administered(ctx.Caller()), UnitJson);
  });

  router.Add("POST", "/api/v1/units/{id}/contacts", Access::kAuthenticated, [&s](Context& ctx) {
    auto id = PathId(ctx, "id");
    if (!id) return NotFound(ctx);
    ZY_BODY(body, ctx);
    auto phone = body.Str("phone");
    ZY_BODY_DONE(body, ctx);
    auto contacts = s.units.AddContact(ctx.Caller(), un::UnitId(*id), phone, ctx.meta);
    if (!contacts.ok()) return Fail(ctx, contacts.error());
    auto items = json::array();
    for (const auto& c : *contacts) items.push_back(ContactJson(c));
    return Response::Json(201, {{"items", std::move(items)}});
  });

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
  });

  router.Add("GET", "/api/v1/notices", Access::kAuthenticated, [&s](Context& ctx) {
    return ReplyItems(ctx, core::Result<std::vector<nt::Notice>>(s.notices.List(ctx.Caller())), NoticeJson);
  });

  router.Add("GET", "/api/v1/notices/{id}", Access::kAuthenticated, [&s](Context& ctx) {
    auto id = PathId(ctx, "id");
    if (!id) return NotFound(ctx);
    auto n = s.notices.Get(ctx.Caller(), nt::NoticeId(*id));
    if (!n.ok()) return Fail(ctx, n.error());
    return Response::Json(200, NoticeJson(*n));
  });

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
  });

  // Who has answered and who is late (the city admin).
  router.Add("GET", "/api/v1/notices/{id}/receipts", Access::kAuthenticated, [&s](Context& ctx) {
    auto id = PathId(ctx, "id");
    if (!id) return NotFound(ctx);
    auto board = s.notices.Board(ctx.Caller(), nt::NoticeId(*id));
    if (!board.ok()) return Fail(ctx, board.error());
    auto items = json::array();
    int answered = 0, late = 0, pending = 0;
    for (const auto& u : board->units) {
      auto standing = nt::ToString(u.standing);
      answered += u.standing == nt::Standing::kAnswered || u.standing == nt::Standing::kAnsweredLate;
      late += u.standing == nt::Standing::kLate || u.standing == nt::Standing::kAnsweredLate;
      pending += u.standing == nt::Standing::kPending;
      items.push_back({{"unit_id", u.status.unit.value},
                       {"unit_name", u.status.unit_name},
                       {"region_name", u.status.region_name},
                       {"status", standing},
                       {"receipt", u.status.receipt ? ReceiptJson(*u.status.receipt) : json(nullptr)}});
    }
    return Response::Json(200, {{"notice", NoticeJson(board->notice)},
                                {"answered", answered},
                                {"late", late},
                                {"pending", pending},
                                {"items", std::move(items)}});
  });

  router.Add("POST", "/api/v1/notices/{id}/reminders", Access::kAuthenticated, [&s](Context& ctx) {
    auto id = PathId(ctx, "id");
    if (!id) return NotFound(ctx);
    auto r = s.notices.Remind(ctx.Caller(), nt::NoticeId(*id), ctx.meta);
    if (!r.ok()) return Fail(ctx, r.error());
    return Response::Json(200, {{"units", r->units}, {"contacts", r->contacts}});
  });
}

}  // namespace zhiyuan::http
