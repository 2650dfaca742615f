// The data directory as it was at one commit (`--as-of`), read from git's own objects: no
// checkout, nothing in the working tree read or changed, so it is safe while someone edits.
#pragma once

#include <filesystem>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "vfi/base/date.hpp"
#include "vfi/store/blob_id.hpp"
#include "vfi/store/folder.hpp"

namespace vfi {

// One name in a folder at the commit: a file (its blob), a link, or a folder.
struct SnapshotEntry {
    std::string name;
    EntryType type = EntryType::file;
    BlobId blob;  // the file's blob id; none for a folder
};

class Snapshot {
  public:
    // The commit `text` names in the repository holding the data directory at `root`: a date
    // (YYYY-MM-DD) names the last commit on the main line of HEAD's history (first parents)
    // made on or before the end of that day in `zone`; anything else is what git takes for a
    // commit (an id or its start, a tag, `HEAD~3`). Throws Error, saying what to give instead:
    // usage (not in git, a bad date), not_found (no such commit, a date before the first
    // commit, a commit a shallow clone lacks, a commit before the data directory was made),
    // git (git cannot run).
    static Snapshot at(const std::filesystem::path& root, std::string_view text,
                       const std::string& zone);

    // The data directory at `prefix` (`programme`; "" at the top) of the repository whose git
    // folder is `git_dir` (a region's copy, made by `vfi fetch`), at the commit `commit` (in
    // full). Files are shown in messages as `LABEL:COMMIT:path`. Throws Error(not_found) when
    // the copy lacks the commit, Error(bad_data) when there is no vfi.yaml there.
    static Snapshot of_repository(const std::filesystem::path& git_dir, const std::string& commit,
                                  const std::string& prefix, const std::string& label,
                                  const std::string& zone);

    // The commit a day names, as `at` finds it; nullopt when none was made by then (or
    // there is no history).
    static std::optional<std::string> commit_on(const std::filesystem::path& root, const Date& day,
                                                const std::string& zone);

    const std::string& commit() const { return commit_; }  // in full
    // The commit as a report's footer shows it: as typed when that was the start of its id
    // (so a figure checked against a published footer reads the same), else git's short form.
    const std::string& shown() const { return shown_; }
    const Date& day() const { return day_; }  // the commit's date in the zone
    // The data directory's place in its repository (`programme/`; "" at the top).
    const std::string& prefix() const { return prefix_; }

    // The entries of a folder of the data directory at the commit (`partners`; "" for the
    // data directory itself), sorted by name; empty when there is no such folder.
    const std::vector<SnapshotEntry>& entries(std::string_view folder) const;
    // The entry `relative` (`vfi.yaml`, `receipts/x.pdf`), or nullptr.
    const SnapshotEntry* entry(std::string_view relative) const;
    // The content of each blob of `ids`, handed to `take(id, content)` as git gives them.
    void read(const std::vector<std::string>& ids,
              const std::function<void(const std::string&, std::string_view)>& take) const;
    // The content of one file at the commit; nullopt when it is not a file there.
    std::optional<std::string> read(std::string_view relative) const;

  private:
    std::filesystem::path root_;
    std::string commit_, shown_, prefix_;
    Date day_;
    std::map<std::string, std::vector<SnapshotEntry>, std::less<>> folders_;
};

}  // namespace vfi
