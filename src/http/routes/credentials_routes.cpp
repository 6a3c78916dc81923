#include "core/text.hpp"
#include "http/routes/route_helpers.hpp"
#include "http/qr_svg.hpp"
#include "http/table_import.hpp"

namespace zhiyuan::http {

namespace cred = domain::credentials;
using nlohmann::json;

namespace {

json ApplicationJson(const cred::Application& a) {
  return {{"id", a.id.value},
          {"kind", cred::ToString(a.kind)},
          {"bank", a.bank_code},
          {"bank_name", a.bank_name},
          {"card_type", a.card_type.empty() ? json(nullptr) : json(a.card_type)},
          {"status", cred::ToString(a.status)},
          {"shared_fields", a.shared_fields},
          {"consented_at", core::FormatRfc3339(a.consented_at)},
          {"reason", a.reason},
          {"created_at", core::FormatRfc3339(a.created_at)},
          {"updated_at", core::FormatRfc3339(a.updated_at)}};
}

json ViewJson(const cred::ApplicationView& v) {
  auto j = ApplicationJson(v.application);
  auto events = json::array();
  for (const auto& e : v.events)
    events.push_back({{"status", cred::ToString(e.status)}, {"actor", e.actor}, {"reason", e.reason},
                      {"at", core::FormatRfc3339(e.at)}});
  j["events"] = std::move(events);
  return j;
}

// What a bank receives: the application and exactly the consented fields (absent fields are not sent).
json DisclosureJson(const cred::Disclosure& d) {
  json applicant{{"name", d.name}, {"id_type", d.id_type}, {"volunteer_number", d.volunteer_number}};
  if (!d.id_number.empty()) applicant["id_number"] = d.id_number;
  if (!d.phone.empty()) applicant["phone"] = d.phone;
  if (!d.county_name.empty()) applicant["county"] = d.county_name;
  auto j = ApplicationJson(d.application);
  j["applicant"] = std::move(applicant);
  return j;
}

// The page a scanned electronic certificate opens (any phone camera): the token is in the path.
std::string ECertificateUrl(const Context& ctx, const std::string& token) {
  return ctx.options.public_url + "/verify/e-certificate/" + token;
}

Response Disclosures(const Context& ctx, const core::Result<std::vector<cred::Disclosure>>& list) {
  return ReplyItems(ctx, list, DisclosureJson);
}

// Files speak Chinese: the labels of statuses and ID types, as a bank clerk reads them.
constexpr std::pair<const char*, const char*> kStatusLabels[] = {
    {"applied", "已申请"},  {"checked", "平台已审核"}, {"sent_to_bank", "已送银行"}, {"issued", "已发放"},
    {"activated", "已激活"}, {"rejected", "未通过"},    {"cancelled", "已撤回"}};

std::string StatusLabel(std::string_view code) {
  for (auto [c, label] : kStatusLabels)
    if (code == c) return label;
  return std::string(code);
}

// A status file may give the code or its Chinese label.
std::string StatusCode(const std::string& text) {
  auto t = core::Trim(text);
  for (auto [c, label] : kStatusLabels)
    if (t == label) return c;
  return std::string(t);
}

std::string IdTypeLabel(const std::string& code) {
  if (code == "resident_id") return "居民身份证";
  if (code == "hk_macao_permit") return "港澳居民来往内地通行证";
  if (code == "taiwan_permit") return "台湾居民来往大陆通行证";
  if (code == "passport") return "护照";
  return code;
}

Table DisclosureTable(const std::vector<cred::Disclosure>& list) {
  Table t{"证卡申请", {"申请编号", "证卡", "卡种", "姓名", "证件类型", "证件号码", "手机号", "志愿者编号", "所在县区",
                       "状态", "同意时间"}, {}};
  for (const auto& d : list) {
    const auto& a = d.application;
    t.rows.push_back({std::to_string(a.id.value), a.kind == cred::Kind::kCertificate ? "注册志愿者证" : "梅州志愿者卡",
                      a.card_type == "debit" ? "借记卡" : a.card_type == "credit" ? "信用卡" : "", d.name,
                      IdTypeLabel(d.id_type), d.id_number, d.phone, d.volunteer_number, d.county_name,
                      StatusLabel(cred::ToString(a.status)),
                      core::FormatRfc3339(a.consented_at)});
  }
  return t;
}

// The status file's columns, by English or Chinese header: application_id/申请编号, status/状态, reason/原因.
core::Result<std::vector<cred::StatusRow>> StatusRows(const std::string& body) {
  ZY_ASSIGN_OR_RETURN(auto table, ParseCsv(body, 5000));
  auto column = [&](std::initializer_list<const char*> names) -> int {
    for (std::size_t i = 0; i < table.header.size(); ++i)
      for (const char* n : names)
        if (core::Trim(table.header[i]) == n) return int(i);
    return -1;
  };
  int id = column({"application_id", "申请编号"}), status = column({"status", "状态"}), reason = column({"reason", "原因"});
  if (id < 0 || status < 0)
    return core::Error::Field("file", "missing_columns", "文件首行应包含列 application_id（申请编号）和 status（状态）");
  std::vector<cred::StatusRow> rows;
  for (std::size_t n = 0; n < table.rows.size(); ++n) {
    const auto& r = table.rows[n];
    auto cell = [&](int i) { return i >= 0 && std::size_t(i) < r.size() ? r[std::size_t(i)] : std::string(); };
    rows.push_back({table.row_lines[n], cell(id), StatusCode(cell(status)), cell(reason)});
  }
  return rows;
}

Response ReportJson(const Context& ctx, const core::Result<cred::ImportReport>& report) {
  if (!report.ok()) return Fail(ctx, report.error());
  auto errors = json::array();
  for (const auto& e : report->errors) errors.push_back({{"line", e.line}, {"code", e.code}, {"message", e.message}});
  json body{{"applied", report->applied}, {"unchanged", report->unchanged}, {"errors", std::move(errors)}};
  if (report->errors.empty()) return Response::Json(200, body);
  // Refused as a whole: every bad row is listed, nothing was applied.
  body.update({{"type", "about:blank"}, {"title", "文件有错误行"}, {"status", 422}, {"code", "status_file_rejected"},
               {"detail", "文件中有" + std::to_string(report->errors.size()) + "行有误，整个文件未导入，请修改后重新上传"},
               {"request_id", ctx.request.request_id}});
  auto r = Response::Json(422, body);
  r.content_type = "application/problem+json; charset=utf-8";
  return r;
}

}  // namespace

json ECertificateJson(const cred::ECertificate& c) {
  return {{"name", c.name},
          {"volunteer_number", c.volunteer_number},
          {"star_level", c.star_level},
          {"certified_star_level", c.certified_star_level},
          {"confirmed_minutes", c.confirmed_minutes},
          {"organization", c.organization.empty() ? json(nullptr) : json(c.organization)},
          {"holds_certificate", c.holds_certificate},
          {"holds_card", c.holds_card}};
}

void AddCredentialRoutes(Router& router, Services& s) {
  router.Add("GET", "/api/v1/credential-offers", Access::kPublic, [&s](Context&) {
    auto items = json::array();
    for (const auto& o : s.credentials.Offers())
      items.push_back({{"kind", cred::ToString(o.kind)}, {"bank", o.bank_code}, {"bank_name", o.bank_name},
                       {"card_type", o.card_type.empty() ? json(nullptr) : json(o.card_type)}, {"min_age", o.min_age},
                       {"shared_fields", cred::SharedFields(o.kind)}});
    return Response::Json(200, {{"items", std::move(items)}});
  });

  router.Add("GET", "/api/v1/me/e-certificate", Access::kAuthenticated, [&s](Context& ctx) {
    auto issued = s.credentials.MyECertificate(ctx.Caller());
    if (!issued.ok()) return Fail(ctx, issued.error());
    auto j = ECertificateJson(issued->certificate);
    j["token"] = issued->token;
    j["expires_at"] = core::FormatRfc3339(issued->expires_at);
    j["verify_url"] = ECertificateUrl(ctx, issued->token);
    return Response::Json(200, j);
  }).For(kVolunteers);

  router.Add("GET", "/api/v1/me/e-certificate/qr.svg", Access::kAuthenticated, [&s](Context& ctx) {
    auto issued = s.credentials.MyECertificate(ctx.Caller());
    if (!issued.ok()) return Fail(ctx, issued.error());
    auto svg = QrSvg(ECertificateUrl(ctx, issued->token));
    if (!svg) return Fail(ctx, core::Error::Internal("二维码生成失败"));
    return Response{200, "image/svg+xml", std::move(*svg), {}};
  }).For(kVolunteers);

  // Public: what a scanned certificate shows, while its token is fresh (about a minute).
  router.Add("GET", "/api/v1/e-certificates/{token}", Access::kPublic, [&s](Context& ctx) {
    auto c = s.credentials.VerifyECertificate(ctx.request.Param("token"));
    if (!c.ok()) return Fail(ctx, c.error());
    return Response::Json(200, ECertificateJson(*c));
  });

  router.Add("POST", "/api/v1/me/credential-applications", Access::kAuthenticated, [&s](Context& ctx) {
    ZY_BODY(body, ctx);
    cred::ApplyInput in;
    in.kind = body.Str("kind");
    in.bank = body.Str("bank");
    in.card_type = body.Str("card_type");
    in.consent = body.Bool("consent");
    ZY_BODY_DONE(body, ctx);
    auto view = s.credentials.Apply(ctx.Caller(), in, ctx.meta);
    if (!view.ok()) return Fail(ctx, view.error());
    return Response::Json(201, ViewJson(*view));
  }).For(kVolunteers);

  router.Add("GET", "/api/v1/me/credential-applications", Access::kAuthenticated, [&s](Context& ctx) {
    return ReplyItems(ctx, s.credentials.Mine(ctx.Caller()), ViewJson);
  }).ForAnyAccount();

  router.Add("POST", "/api/v1/me/credential-applications/{id}/cancel", Access::kAuthenticated, [&s](Context& ctx) {
    auto id = PathId(ctx, "id");
    if (!id) return NotFound(ctx);
    auto view = s.credentials.Cancel(ctx.Caller(), cred::ApplicationId(*id), ctx.meta);
    if (!view.ok()) return Fail(ctx, view.error());
    return Response::Json(200, ViewJson(*view));
  }).For(kVolunteers);

  // The bank's system: signed requests (docs/api.md "Bank interface").
  router.Add("GET", "/api/v1/bank/applications", Access::kBank, [&s](Context& ctx) {
    return Disclosures(ctx, s.credentials.ForBank(*ctx.bank, ctx.request.Query("status"), ctx.meta));
  });

  router.Add("POST", "/api/v1/bank/applications/{id}/status", Access::kBank, [&s](Context& ctx) {
    auto id = PathId(ctx, "id");
    if (!id) return NotFound(ctx);
    ZY_BODY(body, ctx);
    auto status = body.Str("status");
    auto reason = body.Str("reason");
    ZY_BODY_DONE(body, ctx);
    auto a = s.credentials.Report(*ctx.bank, cred::ApplicationId(*id), status, reason, ctx.meta);
    if (!a.ok()) return Fail(ctx, a.error());
    return Response::Json(200, ApplicationJson(*a));
  });

  router.Add("POST", "/api/v1/bank/status-files", Access::kBank, [&s](Context& ctx) {
    auto rows = StatusRows(ctx.request.body);
    if (!rows.ok()) return Fail(ctx, rows.error());
    return ReportJson(ctx, s.credentials.ImportStatusFile(*ctx.bank, *rows, ctx.meta));
  });

  // The bank operator's console: the same, for a signed-in operator, plus batch files (XLSX/CSV out, CSV in).
  router.Add("GET", "/api/v1/bank-console/applications", Access::kAuthenticated, [&s](Context& ctx) {
    auto bank = s.credentials.OperatorOf(ctx.Caller());
    if (!bank.ok()) return Fail(ctx, bank.error());
    if (auto format = ExportFormat(ctx); !format.ok()) return Fail(ctx, format.error());
    auto list = s.credentials.ForBank(*bank, ctx.request.Query("status"), ctx.meta);
    auto format = ExportFormat(ctx);
    if (!format.ok()) return Fail(ctx, format.error());
    if (*format != "json") {
      if (!list.ok()) return Fail(ctx, list.error());
      return Download(DisclosureTable(*list), *format, "applications-" + bank->bank);
    }
    return Disclosures(ctx, list);
  }).For({Role::kBankOperator});

  router.Add("POST", "/api/v1/bank-console/applications/{id}/status", Access::kAuthenticated, [&s](Context& ctx) {
    auto id = PathId(ctx, "id");
    if (!id) return NotFound(ctx);
    auto bank = s.credentials.OperatorOf(ctx.Caller());
    if (!bank.ok()) return Fail(ctx, bank.error());
    ZY_BODY(body, ctx);
    auto status = body.Str("status");
    auto reason = body.Str("reason");
    ZY_BODY_DONE(body, ctx);
    auto a = s.credentials.Report(*bank, cred::ApplicationId(*id), status, reason, ctx.meta);
    if (!a.ok()) return Fail(ctx, a.error());
    return Response::Json(200, ApplicationJson(*a));
  }).For({Role::kBankOperator});

  router.Add("POST", "/api/v1/bank-console/status-files", Access::kAuthenticated, [&s](Context& ctx) {
    auto bank = s.credentials.OperatorOf(ctx.Caller());
    if (!bank.ok()) return Fail(ctx, bank.error());
    auto rows = StatusRows(ctx.request.body);
    if (!rows.ok()) return Fail(ctx, rows.error());
    return ReportJson(ctx, s.credentials.ImportStatusFile(*bank, *rows, ctx.meta));
  }).For({Role::kBankOperator});
}

}  // namespace zhiyuan::http
