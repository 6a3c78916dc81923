#include <gtest/gtest.h>
#include <sys/stat.h>

#include <filesystem>

#include "crypto/crypto.hpp"

using namespace zhiyuan::crypto;  // NOLINT

namespace {
MasterKey TestKey(unsigned char fill) {
  std::array<unsigned char, MasterKey::kSize> bytes;
  bytes.fill(fill);
  return MasterKey::FromBytes(bytes);
}
}  // namespace

TEST(FieldCipher, RoundTripsAndHidesThePlaintext) {
  Initialize();
  FieldCipher cipher(TestKey(1));
  auto c = cipher.Encrypt("id_number", "44140219900101123X");
  EXPECT_EQ(c.find("44140219900101123X"), std::string::npos);
  EXPECT_EQ(cipher.Decrypt("id_number", c), "44140219900101123X");
}

TEST(FieldCipher, SameValueEncryptsDifferentlyEachTime) {
  FieldCipher cipher(TestKey(1));
  EXPECT_NE(cipher.Encrypt("phone", "13812345678"), cipher.Encrypt("phone", "13812345678"));
}

TEST(FieldCipher, RefusesACiphertextMovedToAnotherField) {
  FieldCipher cipher(TestKey(1));
  auto c = cipher.Encrypt("phone", "13812345678");
  EXPECT_FALSE(cipher.Decrypt("id_number", c));
}

TEST(FieldCipher, RefusesAnotherKeyAndTampering) {
  auto c = FieldCipher(TestKey(1)).Encrypt("phone", "13812345678");
  EXPECT_FALSE(FieldCipher(TestKey(2)).Decrypt("phone", c));
  auto tampered = c;
  tampered[tampered.size() - 2] = tampered[tampered.size() - 2] == 'A' ? 'B' : 'A';
  EXPECT_FALSE(FieldCipher(TestKey(1)).Decrypt("phone", tampered));
}

TEST(BlindIndex, IsDeterministicPerKeyAndDomain) {
  BlindIndex a(TestKey(1)), b(TestKey(2));
  EXPECT_EQ(a.Of("phone", "13812345678"), a.Of("phone", "13812345678"));
  EXPECT_NE(a.Of("phone", "13812345678"), b.Of("phone", "13812345678"));
  EXPECT_NE(a.Of("phone", "13812345678"), a.Of("id_number", "13812345678"));
  EXPECT_EQ(a.Of("phone", "13812345678").find("13812345678"), std::string::npos);
}

TEST(PasswordHasher, VerifiesOnlyTheRightPassword) {
  PasswordHasher hasher(PasswordHasher::Minimum());
  auto h = hasher.Hash("Zhiyuan#2026");
  EXPECT_EQ(h.rfind("$argon2id$", 0), 0u);
  EXPECT_TRUE(hasher.Verify(h, "Zhiyuan#2026"));
  EXPECT_FALSE(hasher.Verify(h, "zhiyuan#2026"));
}

TEST(MasterKey, IsCreatedOwnerOnlyAndReadBackTheSame) {
  auto dir = std::filesystem::temp_directory_path() / ("zy-key-" + RandomToken(6));
  auto file = dir / "secret.key";
  auto first = MasterKey::LoadOrCreate(file);
  struct stat st {};
  ASSERT_EQ(stat(file.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600);
  auto second = MasterKey::LoadOrCreate(file);
  EXPECT_EQ(FieldCipher(second).Decrypt("x", FieldCipher(first).Encrypt("x", "v")), "v");
  std::filesystem::remove_all(dir);
}

TEST(Tokens, AreLongRandomAndUrlSafe) {
  auto a = RandomToken(32), b = RandomToken(32);
  EXPECT_NE(a, b);
  EXPECT_GE(a.size(), 43u);
  EXPECT_EQ(a.find_first_of("+/="), std::string::npos);
}

TEST(Base32, RoundTripsAndMatchesRfc4648) {
  EXPECT_EQ(Base32Encode("foobar"), "MZXW6YTBOI");  // RFC 4648 §10, without padding
  EXPECT_EQ(Base32Encode("f"), "MY");
  EXPECT_EQ(Base32Decode("MZXW6YTBOI======"), "foobar");
  EXPECT_EQ(Base32Decode("mzxw6ytboi"), "foobar");
  EXPECT_FALSE(Base32Decode("MZXW1").has_value());  // 1 is not in the alphabet
  auto bytes = RandomBytes(20);
  EXPECT_EQ(Base32Decode(Base32Encode(bytes)), bytes);
}
