#include "app/keys.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <iostream>
#include <stdexcept>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "storage/key_rotation.hpp"

namespace zhiyuan::app {
namespace {

// An exclusive lock on the key file for one rotation: two at once would each add a version to the ring.
class RotationLock {
 public:
  explicit RotationLock(const std::string& key_file) : fd_(::open(key_file.c_str(), O_RDONLY | O_CLOEXEC)) {
    if (fd_ < 0) throw std::runtime_error("cannot open the key file " + key_file);
    held_ = ::flock(fd_, LOCK_EX | LOCK_NB) == 0;
  }
  RotationLock(const RotationLock&) = delete;
  RotationLock& operator=(const RotationLock&) = delete;
  ~RotationLock() { ::close(fd_); }
  bool held() const { return held_; }

 private:
  int fd_;
  bool held_ = false;
};

std::string Rate(std::int64_t rows, double seconds) {
  return seconds > 0 ? std::to_string(std::int64_t(double(rows) / seconds)) + " rows/s" : "-";
}

std::string Seconds(double seconds) {
  char text[32];
  std::snprintf(text, sizeof text, "%.2f s", seconds);
  return text;
}

// Prints a table's outcome when done, and a progress line at most every two seconds while a long one runs.
class ProgressPrinter {
 public:
  void operator()(const storage::TableRotation& t) {
    if (!t.done) {
      if (t.seconds - last_print_ < 2.0) return;
      last_print_ = t.seconds;
      std::cout << "  " << t.table << ": " << t.rows_rewritten << " row(s) so far, " << Rate(t.rows_rewritten, t.seconds)
                << std::endl;
      return;
    }
    last_print_ = 0;
    std::cout << "  " << t.table << ": ";
    if (t.rows_rewritten == 0)
      std::cout << "nothing to re-encrypt";
    else
      std::cout << t.rows_rewritten << " row(s) re-encrypted (" << t.values_rewritten << " value(s)) in "
                << Seconds(t.seconds) << ", " << Rate(t.rows_rewritten, t.seconds);
    if (t.values_changed_meanwhile) std::cout << "; " << t.values_changed_meanwhile << " changed meanwhile";
    if (t.values_unreadable) std::cout << "; " << t.values_unreadable << " could not be decrypted";
    std::cout << std::endl;
  }

 private:
  double last_print_ = 0;
};

void Audit(Wiring& w, const std::string& action, int version, const std::string& detail) {
  auto uow = w.store.Write();
  uow->Audit().Append(domain::audit::Event(w.clock.Now(), {"cli", ""}, std::nullopt, "system", action, "key_ring",
                                           "k" + std::to_string(version), "ok", detail));
  uow->Commit();
}

}  // namespace

int KeysStatus(Wiring& w) {
  w.cipher.Reload();
  auto versions = w.cipher.Versions();
  int newest = w.cipher.NewestVersion();
  std::cout << "key file " << w.config.key_file << " (k1)";
  if (versions.size() > 1) {
    std::cout << ", key ring " << crypto::KeyRing::PathFor(w.config.key_file).string() << " (";
    for (std::size_t i = 1; i < versions.size(); ++i) std::cout << (i > 1 ? ", k" : "k") << versions[i];
    std::cout << ")";
  }
  std::cout << "; new values use k" << newest << "\n";

  auto census = storage::CountCiphertexts(*w.database);
  std::size_t width = 0;
  for (const auto& c : census) width = std::max(width, c.column->Name().size());
  std::int64_t behind = 0, unknown = 0;
  for (const auto& c : census) {
    auto name = c.column->Name();
    std::cout << "  " << name << std::string(width - name.size(), ' ') << "  ";
    if (c.by_version.empty()) std::cout << "no values";
    // By version number (k2 before k10), anything unrecognised last.
    std::vector<std::pair<std::string, std::int64_t>> labels(c.by_version.begin(), c.by_version.end());
    auto rank = [](const std::string& label) { return crypto::FieldCipher::VersionOf(label + ":").value_or(1 << 30); };
    std::ranges::sort(labels, {}, [&](const auto& entry) { return rank(entry.first); });
    bool first = true;
    for (const auto& [label, count] : labels) {
      auto version = crypto::FieldCipher::VersionOf(label + ":");
      bool known = version && std::ranges::find(versions, *version) != versions.end();
      std::cout << (first ? "" : ", ") << label << " " << count << (known ? "" : " (no such key here)");
      first = false;
      if (!version || *version != newest) behind += count;
      if (!known) unknown += count;
    }
    std::cout << "\n";
  }
  if (behind == 0)
    std::cout << "every value uses k" << newest << "\n";
  else
    std::cout << behind << " value(s) not on k" << newest << ": `zhiyuan keys rotate` re-encrypts them\n";
  if (unknown)
    std::cout << unknown << " value(s) name a key version this key file and ring do not hold: they cannot be read\n";
  return 0;
}

int KeysRotate(Wiring& w, const KeysRotateOptions& options) {
  RotationLock lock(w.config.key_file);
  if (!lock.held()) {
    std::cerr << "zhiyuan: another `zhiyuan keys rotate` is running with the key file " << w.config.key_file << "\n";
    return 1;
  }
  auto ring = crypto::KeyRing::PathFor(w.config.key_file);
  w.cipher.Reload();
  int newest = w.cipher.NewestVersion();
  auto behind = storage::CountNotOnVersion(*w.database, newest);
  if (behind == 0) {
    int added = crypto::KeyRing::AddVersion(ring);
    w.cipher.Reload();
    if (w.cipher.NewestVersion() != added)
      throw std::runtime_error("the key ring " + ring.string() + " did not load its new version k" +
                               std::to_string(added));
    newest = added;
    Audit(w, "keys.version_add", newest, "");
    std::cout << "added key version k" << newest << " to " << ring.string()
              << ": back it up with the key file; new values use k" << newest << std::endl;
    if (options.grace.count() > 0) {
      std::cout << "waiting " << options.grace.count() << " ms for running servers to load it" << std::endl;
      std::this_thread::sleep_for(options.grace);
    }
  } else {
    std::cout << behind << " value(s) are not yet on k" << newest
              << ", the newest version: finishing that rotation (no version added)" << std::endl;
  }

  constexpr int kPasses = 3;
  for (int pass = 1;; ++pass) {
    std::cout << "re-encrypting under k" << newest << " in batches of " << std::max(1, options.batch_rows)
              << " row(s)" << (pass > 1 ? " (pass " + std::to_string(pass) + ")" : "") << std::endl;
    ProgressPrinter printer;
    storage::RotationOptions rotation;
    rotation.batch_rows = options.batch_rows;
    rotation.on_progress = [&](const storage::TableRotation& t) { printer(t); };
    auto report = storage::ReencryptAll(*w.database, w.cipher, rotation);
    std::int64_t rows = 0;
    double seconds = 0;
    for (const auto& t : report.tables) {
      rows += t.rows_rewritten;
      seconds += t.seconds;
    }
    std::cout << rows << " row(s), " << report.ValuesRewritten() << " value(s) re-encrypted in " << Seconds(seconds)
              << " (" << Rate(rows, seconds) << ")" << std::endl;
    if (report.ValuesUnreadable() > 0) {
      std::cerr << "zhiyuan: " << report.ValuesUnreadable()
                << " value(s) could not be decrypted with this key file and ring and were left as they are:\n";
      for (const auto& where : report.unreadable) std::cerr << "  " << where << "\n";
      return 1;
    }
    auto remaining = storage::CountNotOnVersion(*w.database, newest);
    if (remaining == 0) {
      Audit(w, "keys.rotate", newest, "{\"values\":" + std::to_string(report.ValuesRewritten()) + "}");
      std::cout << "every encrypted value now uses k" << newest << std::endl;
      return 0;
    }
    if (pass == kPasses) {
      std::cerr << "zhiyuan: " << remaining << " value(s) are still on an older version (written meanwhile by servers "
                << "that had not loaded k" << newest << "): run `zhiyuan keys rotate` again\n";
      return 1;
    }
    std::cout << remaining << " value(s) were written under an older version meanwhile: another pass" << std::endl;
  }
}

}  // namespace zhiyuan::app
