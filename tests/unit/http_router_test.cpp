#include <gtest/gtest.h>

#include "http/message.hpp"
#include "http/problem.hpp"
#include "http/router.hpp"

using namespace zhiyuan::http;  // NOLINT

TEST(Router, CapturesPathParameters) {
  Router r;
  r.Add("POST", "/api/v1/organizations/{id}/approve", Access::kAuthenticated, [](Context&) { return Response{}; });
  std::unordered_map<std::string, std::string> params;
  auto m = r.Find("POST", "/api/v1/organizations/42/approve", params);
  ASSERT_TRUE(m.route);
  EXPECT_EQ(params.at("id"), "42");
}

TEST(Router, TellsWrongMethodFromUnknownPath) {
  Router r;
  r.Add("GET", "/api/v1/me", Access::kAuthenticated, [](Context&) { return Response{}; });
  std::unordered_map<std::string, std::string> params;
  auto wrong_method = r.Find("DELETE", "/api/v1/me", params);
  EXPECT_FALSE(wrong_method.route);
  EXPECT_TRUE(wrong_method.path_matched);
  auto unknown = r.Find("GET", "/api/v1/you", params);
  EXPECT_FALSE(unknown.path_matched);
  EXPECT_FALSE(r.Find("GET", "/api/v1/me/", params).route);
}

TEST(Query, DecodesPercentAndPlus) {
  auto q = ParseQuery("q=%E6%A2%85%E5%B7%9E&page=2&x=a+b");
  EXPECT_EQ(q.at("q"), "梅州");
  EXPECT_EQ(q.at("page"), "2");
  EXPECT_EQ(q.at("x"), "a b");
}

TEST(Request, ReadsCookies) {
  Request req;
  req.headers = {{"cookie", "a=1; zy_session=abc; zy_csrf=xyz"}};
  EXPECT_EQ(req.Cookie("zy_session"), "abc");
  EXPECT_EQ(req.Cookie("zy_csrf"), "xyz");
  EXPECT_EQ(req.Cookie("none"), "");
}

TEST(Problem, MapsEveryCanonicalCodeToOneStatus) {
  using zhiyuan::core::ErrorCode;
  EXPECT_EQ(StatusFor(ErrorCode::kValidation), 422);
  EXPECT_EQ(StatusFor(ErrorCode::kNotFound), 404);
  EXPECT_EQ(StatusFor(ErrorCode::kAlreadyExists), 409);
  EXPECT_EQ(StatusFor(ErrorCode::kUnauthenticated), 401);
  EXPECT_EQ(StatusFor(ErrorCode::kPermissionDenied), 403);
  EXPECT_EQ(StatusFor(ErrorCode::kLocked), 423);
  auto r = Problem(zhiyuan::core::Error::Field("phone", "invalid_phone", "手机号码不正确"), "rid-1");
  EXPECT_EQ(r.status, 422);
  EXPECT_NE(r.content_type.find("application/problem+json"), std::string::npos);
  EXPECT_NE(r.body.find("\"field\":\"phone\""), std::string::npos);
  EXPECT_NE(r.body.find("rid-1"), std::string::npos);
}

TEST(ClientAddress, TrustsForwardedForOnlyFromOurOwnProxies) {
  using zhiyuan::http::ClientAddress;
  std::vector<std::string> proxies{"127.0.0.1", "10.0.0.2"};
  // Straight from a client: its header is whatever it wants, so it is ignored.
  EXPECT_EQ(ClientAddress("203.0.113.7", "1.2.3.4", proxies), "203.0.113.7");
  // Through our proxy: the right-most entry that is not one of ours.
  EXPECT_EQ(ClientAddress("127.0.0.1", "203.0.113.7", proxies), "203.0.113.7");
  EXPECT_EQ(ClientAddress("127.0.0.1", "6.6.6.6, 203.0.113.7, 10.0.0.2", proxies), "203.0.113.7");
  EXPECT_EQ(ClientAddress("127.0.0.1", " 2001:db8::1 ", proxies), "2001:db8::1");
  // No header, or garbage in it: the proxy's own address.
  EXPECT_EQ(ClientAddress("127.0.0.1", "", proxies), "127.0.0.1");
  EXPECT_EQ(ClientAddress("127.0.0.1", "<script>", proxies), "127.0.0.1");
  EXPECT_EQ(ClientAddress("127.0.0.1", "1.2.3.4", {}), "127.0.0.1");
}

TEST(Router, ListsSignedInRoutesWithoutARolePolicy) {
  using zhiyuan::domain::identity::Role;
  Router r;
  r.Add("GET", "/healthz", Access::kPublic, [](Context&) { return Response{}; });
  r.Add("GET", "/api/v1/me", Access::kAuthenticated, [](Context&) { return Response{}; }).ForAnyAccount();
  r.Add("GET", "/api/v1/targets", Access::kAuthenticated, [](Context&) { return Response{}; })
      .For({Role::kCountyAdmin, Role::kCityAdmin});
  r.Add("GET", "/api/v1/forgotten", Access::kAuthenticated, [](Context&) { return Response{}; });
  EXPECT_EQ(r.Undeclared(), std::vector<std::string>{"GET /api/v1/forgotten"});
}

TEST(Router, RolePolicyAdmitsAnyOfItsRoles) {
  using zhiyuan::domain::identity::Principal;
  using zhiyuan::domain::identity::Role;
  using zhiyuan::domain::identity::RoleGrant;
  Router r;
  auto& desk = r.Add("GET", "/api/v1/targets", Access::kAuthenticated, [](Context&) { return Response{}; })
                   .For({Role::kCountyAdmin, Role::kCityAdmin});
  Principal volunteer;
  volunteer.roles = {RoleGrant{Role::kVolunteer, {}, {}}};
  Principal county;
  county.roles = {RoleGrant{Role::kVolunteer, {}, {}}, RoleGrant{Role::kCountyAdmin, {}, "441402"}};
  EXPECT_FALSE(desk.Allows(volunteer));
  EXPECT_TRUE(desk.Allows(county));
  auto& me = r.Add("GET", "/api/v1/me", Access::kAuthenticated, [](Context&) { return Response{}; }).ForAnyAccount();
  EXPECT_TRUE(me.Allows(volunteer));
}
