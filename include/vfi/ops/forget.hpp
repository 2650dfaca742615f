// Erasing a person's personal data on request (UK GDPR): what their record and the records
// around them keep, what stops forget (a record about them with a problem, another record
// naming them), and the kit for erasing them from git history too.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "vfi/base/date.hpp"
#include "vfi/base/fold.hpp"
#include "vfi/model/lifecycle.hpp"
#include "vfi/store/git.hpp"
#include "vfi/store/store.hpp"

namespace vfi {

// What a record keeps when forget clears it: for a partner or leader their own record (name
// and a leader's organisation become "(forgotten)"); for a match, session or reflection of
// theirs, its anonymous facts. A key alone keeps its whole value; dotted keys name the parts
// a group keeps (`training.completed`), so anything else in that group goes.
const std::vector<std::string>& kept_when_forgotten(Kind kind);

// The dotted keys of `doc` that kept_when_forgotten(kind) does not keep: a group erased
// whole is named alone (`contact`), a part of a kept group by its dotted key
// (`payment.account_name`).
std::vector<std::string> not_kept(Kind kind, const yaml::Node& doc);

// `doc` with only what kept_when_forgotten(kind) keeps.
yaml::Node keep_only(Kind kind, const yaml::Node& doc);

// A name or email address of a person, searched for in other records and in git history.
struct NamingWords {
    std::string what;    // "name", "email address", "earlier name", "earlier email address"
    std::string folded;  // fold_name of it (fold.hpp): matched however it is typed
};

struct ForgetPlan {
    std::vector<Update> updates;       // the person, their matches, sessions, reflections
    std::vector<std::string> removed;  // dotted keys erased from the person's record
    std::vector<std::string> notes;    // what else was cleared, one line each
    std::vector<std::string> related;  // files of every record about them (their own first)
    std::vector<std::string> ids;      // their id and their matches' and sessions' ids
    std::vector<std::string> drafts;   // `.vfi/edit-*` copies of the records updated
    std::vector<NamingWords> words;    // their names and email addresses, today's and earlier
};

// Records with a problem (they do not parse or validate, or are not named as records) that
// are, or may be, about the person: their own record, and any whose text names their id or
// the id of one of their matches or sessions. forget refuses while there are any, since it
// cannot clear what it cannot read. The store must hold every kind.
std::vector<Problem> forget_blockers(const RecordStore& store, Kind kind, const std::string& id);

// Erases every personal field of the person, keeping the id and anonymous activity (status,
// dates, region, cohort, capacity) so reports stay true; keeps only the anonymous facts of
// their matches (no reasons, no end_reason), of their sessions and of sessions listing them
// (no notes, follow-ups, cancel reasons), and of reflections they gave (no words); drops the
// comments of every file it rewrites. The store must hold every kind, and nothing about the
// person may have a problem (forget_blockers). The words to search for are their name, a
// preferred name of two words or more and their email address, as the record has them today
// and as each of `earlier` (the texts of every version of their record in git history) had
// them.
ForgetPlan plan_forget(const RecordStore& store, Kind kind, const std::string& id,
                       const Date& today, const std::vector<std::string>& earlier = {});

// The text of every version of the person's record file in `history` (git_history of the
// data directory): every file named ID.yaml, in any folder.
std::vector<std::string> earlier_versions(const RecordStore& store, const std::string& id,
                                          const GitHistory& history);

// Where the person's name or email address would still be written once `plan` is carried
// out: fields and comments of any record, records with a problem, unsaved edits in `.vfi/`,
// and `other_files` (paths in the data directory: the files git tracks there). forget
// refuses while there are any, since it cannot reword what others wrote; the problems name
// the place, never the text.
std::vector<Problem> find_mentions(const RecordStore& store, const ForgetPlan& plan,
                                   const std::vector<std::string>& other_files);

// Offsets in `text` where `words` are written: whole words, folded (fold.hpp) so that case,
// accents, kinds of apostrophe, space and hyphen, and line breaks do not matter.
std::vector<std::size_t> find_words(std::string_view text, const NamingWords& words);

// What names the person: each of `ids` anywhere, in any case; each of `words` as whole
// words.
Needles naming_needles(const std::vector<std::string>& ids, const std::vector<NamingWords>& words);

// Does the text of a file (any version of it) hold any of `needles`? Searched as text, and,
// when it is YAML holding a backslash, in each of its keys and values as well (double-quoted
// text can write a line break or a letter as an escape such as `\n` or `\u00e9`).
bool names_them(std::string_view text, const Needles& needles);

// What erasing the person from git history needs.
struct PurgeKit {
    std::vector<std::string> paths;  // from the top of the repository: every file that ever
                                     // held their data
    std::vector<std::pair<std::string, std::string>> restore;  // path from the top, today's
                                                               // text: what to put back
    // Commits and tags whose messages name them (vfi never writes a name in one, but a
    // person may): removing files leaves messages as they are.
    std::vector<std::string> messages;
};

// Searches every version of every file under the data directory on every branch, tag and
// remote branch (names_them) for the person's id, their matches' or sessions' ids, their names
// and email addresses; adds every path any version that names them was at (deleted files,
// both names of a renamed file), and every record about them; and pairs each
// of those git tracks today (or forget writes) with the text it will have. `tracked` is
// git_tracked_files of the data directory, `history` its git_history.
PurgeKit plan_purge_kit(const RecordStore& store, const ForgetPlan& plan,
                        const std::vector<std::string>& tracked, const GitHistory& history);

// The kit's files. `paths.txt` for `git filter-repo --paths-from-file`: one path a line,
// each taken literally (a path that line cannot hold literally becomes an exact regex);
// `restore.txt` for `git add --pathspec-from-file`, quoted as git unquotes it.
std::string filter_repo_paths_file(const std::string& id, const std::vector<std::string>& paths);
std::string pathspec_file(const std::vector<std::string>& paths);
// Reads back the paths of a pathspec_file or the literal paths of a filter_repo_paths_file.
std::vector<std::string> read_pathspec_file(const std::string& text);
std::vector<std::string> read_filter_repo_paths_file(const std::string& text);

}  // namespace vfi
