#include "http/json_reader.hpp"

namespace zhiyuan::http {

core::Result<JsonReader> JsonReader::Parse(const std::string& body) {
  auto json = nlohmann::json::parse(body.empty() ? std::string("{}") : body, nullptr, false);
  if (json.is_discarded()) return core::Error::BadRequest("请求体不是有效的JSON");
  if (!json.is_object()) return core::Error::BadRequest("请求体应为JSON对象");
  return JsonReader(std::move(json));
}

void JsonReader::TypeError(const char* name, const char* expected) {
  errors_.push_back({name, "invalid_type", std::string("字段类型错误，应为") + expected});
}

std::string JsonReader::Str(const char* name) { return OptStr(name).value_or(""); }

std::optional<std::string> JsonReader::OptStr(const char* name) {
  auto it = json_.find(name);
  if (it == json_.end()) return std::nullopt;
  if (it->is_null()) return std::string();
  if (it->is_string()) return it->get<std::string>();
  if (it->is_number_integer()) return std::to_string(it->get<std::int64_t>());  // a phone sent as a number
  TypeError(name, "字符串");
  return std::nullopt;
}

std::optional<std::vector<std::string>> JsonReader::OptStrList(const char* name) {
  auto it = json_.find(name);
  if (it == json_.end()) return std::nullopt;
  if (it->is_null()) return std::vector<std::string>{};
  if (!it->is_array()) {
    TypeError(name, "字符串数组");
    return std::nullopt;
  }
  std::vector<std::string> out;
  for (const auto& v : *it) {
    if (!v.is_string()) {
      TypeError(name, "字符串数组");
      return std::nullopt;
    }
    out.push_back(v.get<std::string>());
  }
  return out;
}

std::vector<std::string> JsonReader::StrList(const char* name) { return OptStrList(name).value_or(std::vector<std::string>{}); }

bool JsonReader::Bool(const char* name, bool fallback) { return OptBool(name).value_or(fallback); }

std::optional<std::int64_t> JsonReader::OptInt(const char* name) {
  auto it = json_.find(name);
  if (it == json_.end() || it->is_null()) return std::nullopt;
  if (it->is_number_integer()) return it->get<std::int64_t>();
  if (it->is_string()) {
    try {
      std::size_t pos = 0;
      auto v = std::stoll(it->get<std::string>(), &pos);
      if (pos == it->get<std::string>().size()) return v;
    } catch (const std::exception&) {
    }
  }
  TypeError(name, "整数");
  return std::nullopt;
}

std::optional<double> JsonReader::OptDouble(const char* name) {
  auto it = json_.find(name);
  if (it == json_.end() || it->is_null()) return std::nullopt;
  if (it->is_number()) return it->get<double>();
  TypeError(name, "数字");
  return std::nullopt;
}

std::optional<bool> JsonReader::OptBool(const char* name) {
  auto it = json_.find(name);
  if (it == json_.end() || it->is_null()) return std::nullopt;
  if (it->is_boolean()) return it->get<bool>();
  TypeError(name, "布尔值");
  return std::nullopt;
}

std::optional<std::vector<std::int64_t>> JsonReader::OptIntList(const char* name) {
  auto it = json_.find(name);
  if (it == json_.end() || it->is_null()) return std::nullopt;
  if (!it->is_array()) {
    TypeError(name, "整数数组");
    return std::nullopt;
  }
  std::vector<std::int64_t> out;
  for (const auto& v : *it) {
    if (!v.is_number_integer()) {
      TypeError(name, "整数数组");
      return std::nullopt;
    }
    out.push_back(v.get<std::int64_t>());
  }
  return out;
}

core::Status JsonReader::Done() const {
  if (errors_.empty()) return core::Ok();
  return core::Error::Validation(errors_);
}

}  // namespace zhiyuan::http
