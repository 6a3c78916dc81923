// Request bodies: every route decodes its DTO through JsonReader (typed field reads, then Done() refuses
// unknown fields). Any body must decode or be refused with a field error, never crash; the reads cover the
// shapes the DTOs use (strings, lists, integers, numbers, booleans).
#include <cstddef>
#include <cstdint>
#include <string>

#include "http/json_reader.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string body(reinterpret_cast<const char*>(data), size);
  auto reader = zhiyuan::http::JsonReader::Parse(body);
  if (!reader.ok()) return 0;
  for (const char* name : {"name", "phone", "password", "id_number", "county_code", "title", "body", "deadline"}) {
    (void)reader->Str(name);
    (void)reader->OptStr(name);
  }
  for (const char* name : {"skills", "service_categories", "unit_ids", "tags"}) {
    (void)reader->StrList(name);
    (void)reader->OptStrList(name);
    (void)reader->OptIntList(name);
  }
  for (const char* name : {"quota", "population", "year", "minutes", "min_age"}) (void)reader->OptInt(name);
  for (const char* name : {"latitude", "longitude"}) (void)reader->OptDouble(name);
  for (const char* name : {"guardian_consent", "requires_approval"}) {
    (void)reader->Bool(name);
    (void)reader->OptBool(name);
  }
  (void)reader->Done();
  return 0;
}
