#include <gtest/gtest.h>
#include <sys/stat.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <thread>
#include <vector>

#include "crypto/crypto.hpp"

using namespace zhiyuan::crypto;  // NOLINT

namespace {

MasterKey TestKey(unsigned char fill) {
  std::array<unsigned char, MasterKey::kSize> bytes;
  bytes.fill(fill);
  return MasterKey::FromBytes(bytes);
}

// A fresh folder for a key ring, removed afterwards.
class KeyRingTest : public ::testing::Test {
 protected:
  void SetUp() override {
    Initialize();
    dir_ = std::filesystem::temp_directory_path() / ("zy-ring-" + RandomToken(6));
    std::filesystem::create_directories(dir_);
    ring_ = KeyRing::PathFor(dir_ / "secret.key");
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  void WriteRing(const std::string& text) { std::ofstream(ring_) << text; }

  std::filesystem::path dir_;
  std::filesystem::path ring_;
};

}  // namespace

TEST(KeyVersion, IsReadFromTheCiphertextPrefix) {
  EXPECT_EQ(FieldCipher::VersionOf("k1:abc"), 1);
  EXPECT_EQ(FieldCipher::VersionOf("k12:abc"), 12);
  EXPECT_EQ(FieldCipher::VersionOf("k999999:"), 999999);
  for (const char* bad : {"", "k1", "k:abc", "k0:abc", "k01:abc", "K1:abc", "x1:abc", "k1a:abc", "k-1:abc",
                          "k1234567:abc", "13812345678"})
    EXPECT_FALSE(FieldCipher::VersionOf(bad).has_value()) << bad;
}

TEST_F(KeyRingTest, WithoutARingEncryptsUnderK1AsBefore) {
  FieldCipher ringed(TestKey(1), ring_), plain(TestKey(1));
  EXPECT_EQ(ringed.NewestVersion(), 1);
  EXPECT_EQ(ringed.Versions(), std::vector<int>{1});
  auto c = ringed.Encrypt("phone", "13812345678");
  EXPECT_EQ(c.rfind("k1:", 0), 0u);
  EXPECT_EQ(plain.Decrypt("phone", c), "13812345678");
  EXPECT_EQ(ringed.Decrypt("phone", plain.Encrypt("phone", "13812345678")), "13812345678");
  EXPECT_FALSE(std::filesystem::exists(ring_)) << "reading a ring never creates one";
}

TEST_F(KeyRingTest, AfterARotationTheNewVersionEncryptsAndEveryVersionDecrypts) {
  FieldCipher cipher(TestKey(1), ring_);
  auto old = cipher.Encrypt("id_number", "44140219900101123X");
  EXPECT_EQ(KeyRing::AddVersion(ring_), 2);
  EXPECT_TRUE(cipher.Reload());
  EXPECT_FALSE(cipher.Reload()) << "nothing new the second time";
  EXPECT_EQ(cipher.NewestVersion(), 2);
  auto fresh = cipher.Encrypt("id_number", "44140219900101123X");
  EXPECT_EQ(fresh.rfind("k2:", 0), 0u);
  EXPECT_EQ(cipher.Decrypt("id_number", old), "44140219900101123X");
  EXPECT_EQ(cipher.Decrypt("id_number", fresh), "44140219900101123X");
  EXPECT_FALSE(cipher.Decrypt("phone", fresh)) << "the field name is still authenticated";

  EXPECT_EQ(KeyRing::AddVersion(ring_), 3);
  FieldCipher restarted(TestKey(1), ring_);  // a server started after the rotations
  EXPECT_EQ(restarted.Versions(), (std::vector<int>{1, 2, 3}));
  EXPECT_EQ(restarted.Encrypt("x", "v").rfind("k3:", 0), 0u);
  EXPECT_EQ(restarted.Decrypt("id_number", old), "44140219900101123X");
  EXPECT_EQ(restarted.Decrypt("id_number", fresh), "44140219900101123X");
}

TEST_F(KeyRingTest, AnUnknownVersionIsRefused) {
  FieldCipher cipher(TestKey(1), ring_);
  auto k1 = cipher.Encrypt("phone", "13812345678");
  EXPECT_FALSE(cipher.Decrypt("phone", "k2:" + k1.substr(3))) << "no ring entry for k2";
  EXPECT_FALSE(FieldCipher(TestKey(1)).Decrypt("phone", "k2:" + k1.substr(3)));
  KeyRing::AddVersion(ring_);
  EXPECT_FALSE(cipher.Decrypt("phone", "k2:" + k1.substr(3))) << "k2 exists now, but this is k1's ciphertext";
  EXPECT_FALSE(cipher.Decrypt("phone", "k3:" + k1.substr(3)));
  EXPECT_FALSE(cipher.Decrypt("phone", "kx:" + k1.substr(3)));
  EXPECT_FALSE(FieldCipher(TestKey(1)).Decrypt("phone", cipher.Encrypt("phone", "13812345678")))
      << "a cipher without the ring cannot read k2";
}

TEST_F(KeyRingTest, TheRingIsUselessWithoutItsKeyFile) {
  FieldCipher ours(TestKey(1), ring_);
  KeyRing::AddVersion(ring_);
  ours.Reload();
  auto c = ours.Encrypt("phone", "13812345678");
  FieldCipher other_master(TestKey(2), ring_);
  EXPECT_EQ(other_master.NewestVersion(), 2);
  EXPECT_FALSE(other_master.Decrypt("phone", c));
}

TEST_F(KeyRingTest, AServerReloadsTheRingWhenItMeetsAnUnknownVersion) {
  FieldCipher server(TestKey(1), ring_);  // started before the rotation
  FieldCipher rotation(TestKey(1), ring_);
  KeyRing::AddVersion(ring_);
  rotation.Reload();
  auto c = rotation.Encrypt("totp_secret", "secret");
  ASSERT_EQ(c.rfind("k2:", 0), 0u);
  EXPECT_EQ(server.Versions(), std::vector<int>{1});
  EXPECT_EQ(server.Decrypt("totp_secret", c), "secret");
  EXPECT_EQ(server.Versions(), (std::vector<int>{1, 2}));
}

TEST_F(KeyRingTest, AServerEncryptsUnderANewVersionOnceTheRingChanged) {
  FieldCipher server(TestKey(1), ring_);
  EXPECT_EQ(server.Encrypt("phone", "13812345678").rfind("k1:", 0), 0u);
  KeyRing::AddVersion(ring_);
  // The ring file is checked at most once a second before encrypting.
  std::this_thread::sleep_for(std::chrono::milliseconds(1100));
  EXPECT_EQ(server.Encrypt("phone", "13812345678").rfind("k2:", 0), 0u);
}

TEST_F(KeyRingTest, ConcurrentReadersAllLoadTheNewVersion) {
  FieldCipher server(TestKey(1), ring_);
  FieldCipher rotation(TestKey(1), ring_);
  KeyRing::AddVersion(ring_);
  rotation.Reload();
  std::vector<std::string> values;
  for (int i = 0; i < 50; ++i) values.push_back(rotation.Encrypt("phone", "1381234" + std::to_string(1000 + i)));
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t)
    threads.emplace_back([&] {
      for (int round = 0; round < 20; ++round)
        for (int i = 0; i < 50; ++i)
          if (server.Decrypt("phone", values[std::size_t(i)]) != "1381234" + std::to_string(1000 + i)) ++failures;
    });
  for (auto& t : threads) t.join();
  EXPECT_EQ(failures.load(), 0);
}

TEST_F(KeyRingTest, TheRingFileIsOwnerOnlyWrittenWholeAndOnlyGrows) {
  EXPECT_EQ(KeyRing::AddVersion(ring_), 2);
  auto first = KeyRing::ReadSeeds(ring_);
  EXPECT_EQ(KeyRing::AddVersion(ring_), 3);
  auto seeds = KeyRing::ReadSeeds(ring_);
  ASSERT_EQ(seeds.size(), 2u);
  EXPECT_EQ(seeds.at(2), first.at(2)) << "adding a version keeps the earlier ones";
  EXPECT_EQ(seeds.at(3).size(), 32u);
  EXPECT_NE(seeds.at(2), seeds.at(3));
  struct stat st {};
  ASSERT_EQ(stat(ring_.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600);
  EXPECT_FALSE(std::filesystem::exists(ring_.string() + ".tmp"));
}

TEST_F(KeyRingTest, AMalformedRingIsRefused) {
  std::string hex(64, 'a');
  for (const auto& text : std::vector<std::string>{"k2 " + hex.substr(2) + "\n", "k1 " + hex + "\n",
                                                   "k2 " + hex + "\nk2 " + hex + "\n", "k2\n", "two " + hex + "\n",
                                                   "k2 " + std::string(64, 'z') + "\n"}) {
    WriteRing(text);
    EXPECT_THROW(FieldCipher(TestKey(1), ring_), std::runtime_error) << text;
  }
  WriteRing("# comment\n\nk2 " + hex + "\r\nk5 " + hex + "\n");
  EXPECT_EQ(FieldCipher(TestKey(1), ring_).Versions(), (std::vector<int>{1, 2, 5}));
  EXPECT_EQ(KeyRing::AddVersion(ring_), 6);
}

TEST_F(KeyRingTest, ARingThatChangesALoadedKeyIsRefused) {
  KeyRing::AddVersion(ring_);
  FieldCipher cipher(TestKey(1), ring_);
  WriteRing("k2 " + std::string(64, 'b') + "\n");
  EXPECT_THROW(cipher.Reload(), std::runtime_error);
  EXPECT_EQ(cipher.Versions(), (std::vector<int>{1, 2})) << "the keys loaded before stay";
}

TEST_F(KeyRingTest, ALostKeyFileIsNotReplacedWhileItsRingExists) {
  auto key_file = dir_ / "secret.key";
  MasterKey::LoadOrCreate(key_file);
  KeyRing::AddVersion(KeyRing::PathFor(key_file));
  std::filesystem::remove(key_file);
  EXPECT_THROW(MasterKey::LoadOrCreate(key_file), std::runtime_error);
  EXPECT_FALSE(std::filesystem::exists(key_file));
}
