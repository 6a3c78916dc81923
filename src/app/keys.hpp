#pragma once

#include <chrono>

#include "app/wiring.hpp"

namespace zhiyuan::app {

// `zhiyuan keys status`: the field-encryption key versions and, per encrypted column, how many values use each.
int KeysStatus(Wiring& w);

struct KeysRotateOptions {
  int batch_rows = 1000;
  // After adding a version, how long to wait before re-encrypting: servers sharing the key file notice the new
  // version before their next encryption, within a second, so few values are written under the old one meanwhile.
  std::chrono::milliseconds grace{2000};
};

// `zhiyuan keys rotate`: when every value already uses the newest version, adds a version to the key ring; then
// re-encrypts every value not on the newest version, in batches, while servers keep running. Run again after an
// interruption, it adds nothing and finishes the job. Exit 0 when every value uses the newest version, 1 when
// some could not be decrypted or are still on an older one (messages on stdout and stderr).
int KeysRotate(Wiring& w, const KeysRotateOptions& options);

}  // namespace zhiyuan::app
