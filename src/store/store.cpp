#include "vfi/store/store.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <cerrno>
#include <cstdlib>
#include <functional>
#include <future>
#include <optional>
#include <span>
#include <system_error>
#include <thread>

#include <fmt/format.h>

#include "vfi/base/parallel.hpp"
#include "vfi/base/process.hpp"
#include "vfi/base/text.hpp"
#include "vfi/format/validate.hpp"
#include "vfi/store/cache.hpp"
#include "vfi/store/git.hpp"
#include "vfi/store/regions.hpp"

namespace fs = std::filesystem;

namespace vfi {

fs::path find_data_directory(const std::string& explicit_dir) {
    // Any entry named vfi.yaml (a link too, which reading it then refuses to follow).
    auto has_settings = [](const fs::path& dir) {
        struct stat st {};
        return ::lstat((dir / settings_file).c_str(), &st) == 0 && !S_ISDIR(st.st_mode);
    };
    std::string chosen = explicit_dir;
    std::string source = "-C";
    if (chosen.empty())
        if (const char* env = std::getenv("VFI_DATA"); env && *env) {
            chosen = env;
            source = "VFI_DATA";
        }
    if (!chosen.empty()) {
        fs::path dir = fs::absolute(chosen).lexically_normal();
        if (!has_settings(dir))
            throw Error(
                ExitCode::not_found,
                fmt::format("{} is not a vfi data directory (no vfi.yaml there; given by {})",
                            chosen, source),
                fmt::format("check the path, or create one with `vfi init {}`", chosen));
        return dir;
    }
    std::error_code ec;
    fs::path dir = fs::current_path(ec);
    for (fs::path d = dir; !d.empty(); d = d.parent_path()) {
        if (has_settings(d)) return d;
        if (d == d.parent_path()) break;
    }
    throw Error(ExitCode::not_found, "no vfi data directory here or in any folder above",
                "cd into one, pass -C DIR, set VFI_DATA, or create one with `vfi init DIR`");
}

std::string record_path(Kind kind, const std::string& id) {
    return fmt::format("{}/{}.yaml", kind_folder(kind), id);
}

std::string reserved_place(const fs::path& root, const fs::path& file) {
    std::error_code ec;
    fs::path top = fs::weakly_canonical(root, ec);
    fs::path target = fs::weakly_canonical(fs::absolute(file, ec), ec);
    fs::path relative = target.lexically_relative(top);
    if (relative.empty() || relative.native().rfind("..", 0) == 0) return {};
    std::string first = relative.begin()->string();
    if (first == settings_file) return first;
    // The data's own .gitignore (which keeps .vfi/ out of git) and .gitattributes.
    if (first == ".gitignore" || first == ".gitattributes") return first;
    if (first == ".vfi" || first == ".git") return first + "/";
    if (first == "receipts") return "receipts/";  // the receipts kept beside the records
    for (Kind kind : all_kinds)
        if (first == kind_folder(kind)) return first + "/";
    return {};
}

RecordStore::RecordStore(fs::path root)
    : root_(std::move(root)),
      // Read while no change is landing, so no command sees a change half made.
      lock_(std::make_unique<DataLock>(root_, DataLock::Mode::shared, 30)) {
    // A change to several files killed part-way is put back before anything is read, so no
    // command ever sees some of its files new and some old.
    if (has_interrupted_change(root_)) {
        lock_->change(DataLock::Mode::exclusive, 30);
        undo_interrupted_change(root_);
        lock_->change(DataLock::Mode::shared, 30);
    }
    read_settings_text(read_data_file(root_, settings_file), settings_file);
}

RecordStore::RecordStore(fs::path root, std::string_view as_of) : root_(std::move(root)) {
    // A date is a day where the programme is: its time zone as vfi.yaml says now.
    std::string zone = default_time_zone;
    try {
        std::vector<Problem> ignored;
        zone = read_settings(yaml::parse(read_data_file(root_, settings_file), settings_file),
                             settings_file, ignored)
                   .time_zone;
    } catch (const Error&) {
        // A broken vfi.yaml now says nothing of the past: the default zone.
    }
    snapshot_.emplace(Snapshot::at(root_, as_of, zone));
    // A cache keyed by content alone (no file's stamp) must be one this account wrote.
    trust_caches_ = !git_tracks_any(root_, ".vfi");
    erased_ = erased_by_forget(root_, snapshot_->commit() + "..HEAD", &snapshot_->prefix());
    std::string shown = shown_at(settings_file);
    auto text = snapshot_->read(settings_file);
    if (!text)
        throw Error(ExitCode::bad_data, Location{shown, 0, 0}, {},
                    "is a symbolic link, and vfi never follows a link inside a data directory",
                    "give a commit where vfi.yaml is the file itself");
    read_settings_text(*text, shown);
    for (const auto& p : settings_problems_)
        if (p.field == "vfi")
            throw Error(ExitCode::bad_data, p.where, "vfi",
                        fmt::format("at commit {} vfi.yaml has no format version (`vfi: 1`), so "
                                    "its records are not in a format vfi knows",
                                    snapshot_->shown()),
                        "give a later commit or date, from after vfi.yaml said `vfi: 1`");
}

RecordStore::RecordStore(fs::path root, const Region& region)
    : root_(std::move(root)), region_(region.name) {
    if (!region_copy_made(root_, region.name))
        throw Error(ExitCode::not_found,
                    fmt::format("this copy of the national data directory holds no copy of "
                                "region {} yet",
                                region.name),
                    "run `vfi fetch`");
    snapshot_.emplace(
        Snapshot::of_repository(region.git_dir, region.commit, region.path, region.name,
                                "UTC"));  // UTC: no TZ set while another region runs git
    // A commit of another history (another region's, through a copy's alternates, or a
    // fetched.yaml edited by hand) is never read as this region's.
    if (!in_fetched_history(root_, region.name, region.commit))
        throw Error(ExitCode::bad_data, Location{"fetched.yaml", 0, 0}, region.name,
                    fmt::format("names commit {}, which is not in the history fetched from region "
                                "{}",
                                region.commit.substr(0, 7), region.name),
                    "run `vfi fetch` to write it again (fetched.yaml was edited by hand, or a "
                    "merge kept the wrong side)");
    trust_caches_ = !git_tracks_any(root_, ".vfi");
    // What the region's own forgets erased after this commit is never shown here either.
    std::string prefix = region.path.empty() ? "" : region.path + "/";
    erased_ =
        erased_by_forget(region.git_dir, region.commit + ".." + std::string(fetched_ref), &prefix);
    std::string shown = shown_at(settings_file);
    auto text = snapshot_->read(settings_file);
    if (!text)
        throw Error(ExitCode::bad_data, Location{shown, 0, 0}, {},
                    "is a symbolic link, and vfi never follows a link inside a data directory",
                    "the region's team must put vfi.yaml itself there");
    read_settings_text(*text, shown);
}

void RecordStore::read_settings_text(const std::string& text, const std::string& shown) {
    settings_text_ = text;
    yaml::Node doc = yaml::parse(text, shown);
    settings_ = read_settings(doc, shown, settings_problems_);
    if (region_.empty()) set_time_zone(settings_.time_zone);  // a region's is not ours
}

std::string RecordStore::shown_at(const std::string& relative) const {
    return snapshot_ ? fmt::format("{}:{}", snapshot_->shown(), relative) : relative;
}

namespace {

// `P-7KQ2MD.yaml` -> `P-7KQ2MD` when it is a record name of `kind`, else nothing (empty).
// Asked of every file a command lists, once or twice, so nothing is copied to answer.
std::string_view record_id_of(std::string_view file_name, Kind kind) {
    if (file_name.size() < 6 || !file_name.ends_with(".yaml")) return {};
    std::string_view id = file_name.substr(0, file_name.size() - 5);
    return valid_id(id, kind) ? id : std::string_view();
}

}  // namespace

std::vector<std::string> RecordStore::ids(Kind kind) const {
    if (auto it = ids_.find(kind); it != ids_.end()) return it->second;  // read by load()
    std::vector<std::string> out;
    if (snapshot_) {
        for (const auto& e : snapshot_->entries(kind_folder(kind)))
            if (auto id = record_id_of(e.name, kind); !id.empty()) out.emplace_back(id);
        return out;
    }
    auto listed = listed_.find(kind);
    if (listed == listed_.end()) {
        std::optional<Folder> folder;
        try {
            folder = Folder::open(root_, kind_folder(kind));
        } catch (const Error&) {
            return out;  // a link where the folder goes: `vfi check` names it
        }
        if (!folder) return out;
        listed = listed_.emplace(kind, folder->entries()).first;
    }
    for (const auto& [name, type] : listed->second)
        if (auto id = record_id_of(name, kind); !id.empty()) out.emplace_back(id);
    return out;
}

void RecordStore::list_ahead(std::span<const Kind> kinds) const {
    if (snapshot_) return;  // a commit's folders are listed from its trees, already read
    std::vector<std::pair<Kind, Folder>> folders;
    for (Kind kind : kinds) {
        if (listed_.count(kind) || ids_.count(kind)) continue;
        try {
            if (auto folder = Folder::open(root_, kind_folder(kind)))
                folders.emplace_back(kind, std::move(*folder));
        } catch (const Error&) {
            // A link where the folder goes: left to ids() and load(), which tell of it.
        }
    }
    // The largest first (a folder's own size grows with its names), so the other thread
    // takes the rest meanwhile: each folder on one thread, as they share no lock.
    auto size_of = [](const Folder& f) {
        struct stat st {};
        return ::fstat(f.fd(), &st) == 0 ? st.st_size : 0;
    };
    std::vector<std::pair<off_t, std::size_t>> order;
    for (std::size_t i = 0; i < folders.size(); ++i)
        order.emplace_back(size_of(folders[i].second), i);
    std::sort(order.rbegin(), order.rend());
    std::vector<SeenFiles::Listing> listings(folders.size());
    for_each_index(folders.size(), 2, [&](std::size_t k) {
        std::size_t i = order[k].second;
        listings[i] = folders[i].second.entries();
    });
    for (std::size_t i = 0; i < folders.size(); ++i)
        listed_.emplace(folders[i].first, std::move(listings[i]));
}

namespace {

// One file to read: where it is, its id, and what reading it gave.
struct LoadJob {
    std::string id, name, shown;
    std::optional<Record> record;
    std::vector<Problem> problems;
    std::optional<FileStamp> stamp;  // taken before reading, so a cached tree is never newer
    unsigned mode = 0;               // the file's st_mode, with the stamp
    BlobId blob;                     // the content's git blob id
    ParseCache::Hit cached;          // its entry in the cache, when found there
    std::size_t place = 0;           // where its entry would be in the cache (ParseCache::place)
    std::uint32_t at = 0;            // its place in the folder's listing (SeenFiles)
};

// The file as it is now: opened without following a link, a regular file (never a FIFO,
// which would hang), its stamp taken before it is read so a cached tree is never newer.
std::string read_record_file(const Folder& folder, LoadJob& job) {
    struct stat st {};
    int fd = folder.open_file(job.name, &st);
    job.stamp = FileStamp::of(st);
    job.mode = st.st_mode;
    std::string text;
    char buffer[16384];
    while (text.size() <= (16u << 20)) {  // far past the cap: the parser says how far
        ssize_t n = ::read(fd, buffer, sizeof buffer);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) break;
        text.append(buffer, static_cast<std::size_t>(n));
    }
    ::close(fd);
    return text;
}

// `forms`: a record the cache holds in the command's own form is not read further (its tree
// stays in the cache, for KeptRecord::record).
void read_record(Kind kind, const Vocabularies& vocabularies, const ParseCache& cache,
                 const Folder& folder, bool forms, LoadJob& job) {
    try {
        struct stat st {};
        std::optional<ParseCache::Hit> cached;
        if (folder.type_of(job.name, &st) == EntryType::file)
            cached = cache.find_at(job.place, job.name, FileStamp::of(st));
        std::optional<yaml::Node> doc;
        if (cached) {
            if (forms && !cached->form.empty()) {
                job.stamp = FileStamp::of(st), job.mode = st.st_mode;
                job.blob = BlobId(cached->blob);
                job.cached = *cached;
                return;
            }
            doc = deserialise_tree(cached->tree);
        }
        // A tree cached under this very vfi.yaml was valid then, and so is now.
        bool trusted = doc && cache.validated();
        if (doc) {
            job.stamp = FileStamp::of(st), job.mode = st.st_mode;
            job.blob = BlobId(cached->blob);
            job.cached = *cached;
        } else {
            std::string text = read_record_file(folder, job);
            job.blob = BlobId(git_blob_id(text));
            doc = yaml::parse(text, job.shown);
        }
        if (!trusted) validate_record(kind, *doc, job.shown, job.id, vocabularies, job.problems);
        if (job.problems.empty()) job.record = Record{kind, job.id, job.shown, std::move(*doc)};
    } catch (const Error& e) {
        job.problems.push_back(Problem{e.where(), e.field(), e.message(), e.hint()});
    }
}

// A record read, taken: its problems told, its cache entry kept or made, its stamp and blob
// kept for the walk of the work tree, and the record handed to the command (in its own form
// when the command has one).
void take_loaded(Kind kind, LoadJob& job, ParseCache& cache, const Folder& folder,
                 const TypedStream* typed, const std::function<void(Record&&)>& take,
                 std::vector<Problem>& problems, SeenFiles& seen) {
    problems.insert(problems.end(), job.problems.begin(), job.problems.end());
    bool served = false;  // by the form kept: no tree read
    if (typed && !job.record && !job.cached.form.empty()) {
        KeptRecord kept{kind,    job.id,  job.shown, job.cached.form, job.cached.tree,
                        &folder, job.name};
        served = typed->kept(kept);
        try {
            if (!served) job.record = kept.record();  // valid: forms are of valid records
        } catch (const Error& e) {
            problems.push_back(Problem{e.where(), e.field(), e.message(), e.hint()});
        }
    }
    if ((served || job.record) && job.cached.entry)
        cache.still(job.cached);
    else if (job.record && job.stamp)
        cache.keep(job.name, *job.stamp, job.record->doc, job.blob.hex());
    if (job.stamp && !job.blob.empty())
        seen.add(job.at, SeenFile{IndexStamp::of(*job.stamp), job.mode, job.blob});
    if (job.record && typed) {
        if (auto form = typed->record(*job.record)) cache.keep_form(job.name, std::move(*form));
    } else if (job.record) {
        take(std::move(*job.record));
    }
}

// Files in a record folder that are not records, told apart from those that are: scratch files
// and dot-files are passed over, anything else not named like a record is a stranger.
// True for a name that is a record's.
// `shown()`: the file's name as a message gives it, made only for a stranger.
template <class Shown>
bool sort_entry(Kind kind, const std::string& name, bool is_folder, const Shown& shown,
                std::vector<std::string>& strangers) {
    if (is_scratch_name(name) || (starts_with(name, ".") && is_folder)) return false;
    if (!record_id_of(name, kind).empty()) return true;
    if (!starts_with(name, ".")) strangers.push_back(is_folder ? shown() + "/" : shown());
    return false;
}

// A record at a commit: its tree from the cache, else parsed from its blob, and validated
// unless the cache found it valid under this very vfi.yaml.
struct BlobJob {
    LoadJob job;
    std::string blob, key;  // key: the file's name and its blob, as the cache knows it
    std::optional<yaml::Node> cached;
    bool trusted = false;
    std::string text;
    // The working tree's cache entry for this very file and blob, in the command's own form:
    // read by TypedStream::kept alone, or (when the form no longer serves) its tree.
    std::optional<ParseCache::Hit> kept;
};

void read_blob_record(Kind kind, const Vocabularies& vocabularies, const Erased& erased,
                      BlobJob& b) {
    LoadJob& job = b.job;
    try {
        yaml::Node doc = b.cached ? std::move(*b.cached) : yaml::parse(b.text, job.shown);
        b.text.clear();
        // What a later forget erased is read as it left it, and checked again.
        std::string file = fmt::format("{}/{}", kind_folder(kind), job.name);
        if (erased.fields.count(file)) {
            apply_erasure(erased, file, doc);
            b.trusted = false;
        }
        if (!b.trusted) validate_record(kind, doc, job.shown, job.id, vocabularies, job.problems);
        if (job.problems.empty()) job.record = Record{kind, job.id, job.shown, std::move(doc)};
    } catch (const Error& e) {
        job.problems.push_back(Problem{e.where(), e.field(), e.message(), e.hint()});
    }
}

// A record at a commit that the working tree's cache holds in the command's own form: true
// when the form served. Else (a form made on a later day, say) its tree is read as any
// cached record's is.
bool serve_kept(Kind kind, const TypedStream& typed, const Vocabularies& vocabularies,
                const Erased& erased, BlobJob& b) {
    KeptRecord kept{kind, b.job.id, b.job.shown, b.kept->form, b.kept->tree, nullptr, b.job.name};
    if (typed.kept(kept)) return true;
    b.kept.reset();
    try {
        b.cached = kept.record().doc;
    } catch (const Error& e) {
        b.job.problems.push_back(Problem{e.where(), e.field(), e.message(), e.hint()});
        return false;
    }
    read_blob_record(kind, vocabularies, erased, b);
    return false;
}

}  // namespace

std::vector<std::pair<std::string, const SnapshotEntry*>> RecordStore::files_at(Kind kind) {
    std::string folder(kind_folder(kind));
    std::vector<std::pair<std::string, const SnapshotEntry*>> files;  // id, entry
    if (const SnapshotEntry* place = snapshot_->entry(folder);
        place && place->type != EntryType::folder) {
        problems_.push_back(Problem{Location{shown_at(folder), 0, 0},
                                    {},
                                    place->type == EntryType::link
                                        ? "is a symbolic link, and vfi never follows a link "
                                          "inside a data directory"
                                        : "is a file where the folder of records goes",
                                    "put the folder of records itself here"});
        return files;
    }
    std::vector<std::string>& ids = ids_[kind];
    for (const auto& e : snapshot_->entries(folder)) {
        std::string shown = shown_at(folder + "/" + e.name);
        if (!sort_entry(
                kind, e.name, e.type == EntryType::folder, [&] { return shown; }, strangers_))
            continue;
        std::string id(record_id_of(e.name, kind));
        ids.push_back(id);
        if (e.type != EntryType::file) {
            problems_.push_back(Problem{Location{shown, 0, 0},
                                        {},
                                        e.type == EntryType::link
                                            ? "is a symbolic link, and vfi never follows a link "
                                              "inside a data directory"
                                            : "is a folder, not a record file",
                                        "put the record itself here"});
            continue;
        }
        files.emplace_back(std::move(id), &e);
    }
    return files;
}

void RecordStore::read_kind_at(Kind kind, const std::function<void(Record&&)>& take,
                               const TypedStream* typed) {
    std::string folder(kind_folder(kind));
    auto files = files_at(kind);
    if (typed && typed->expect) typed->expect(files.size());  // room made once, not by doubling
    // Most records are as the working tree has them, whose cache knows their blob ids. A cache
    // that came through git is never read: a dummy one reads nothing (no folder of that name).
    fs::path caches = trust_caches_ ? root_ : fs::path("/nonexistent/vfi");
    ObjectCache cache(caches, kind, settings_text_, region_);
    // A region's records are never the national data directory's own.
    ParseCache working(region_.empty() ? caches : fs::path("/nonexistent/vfi"), kind,
                       settings_text_);
    unsigned cores = std::max(1u, std::min(4u, std::thread::hardware_concurrency()));
    constexpr std::size_t chunk = 2048;
    // A chunk of jobs at a time: a caller that streams never holds every tree, nor every job.
    for (std::size_t from = 0; from < files.size(); from += chunk) {
        std::vector<BlobJob> jobs(std::min(files.size() - from, chunk));
        for (std::size_t i = 0; i < jobs.size(); ++i) {
            const auto& [id, e] = files[from + i];
            jobs[i].job.id = id, jobs[i].job.name = e->name;
            jobs[i].job.shown = shown_at(folder + "/" + e->name);
            jobs[i].blob = e->blob.hex();
            jobs[i].key = e->name + " " + jobs[i].blob;
        }
        std::map<std::string, std::vector<std::size_t>> wanted;  // blob -> jobs reading it
        for (std::size_t i = 0; i < jobs.size(); ++i) {
            if (auto hit = cache.find(jobs[i].key)) {
                jobs[i].cached = std::move(hit->doc);
                jobs[i].trusted = hit->validated;
            } else if (auto hit = working.find_blob(jobs[i].blob)) {
                jobs[i].trusted =
                    working.validated() && working.blob_of(jobs[i].job.name) == jobs[i].blob;
                // What a later forget erased is read as it left it, never in a form of before.
                if (typed && jobs[i].trusted && !hit->form.empty() &&
                    !erased_.fields.count(folder + "/" + jobs[i].job.name))
                    jobs[i].kept = hit;
                else
                    jobs[i].cached = deserialise_tree(hit->tree);
            } else {
                wanted[jobs[i].blob].push_back(i);
            }
        }
        std::vector<std::string> blobs;
        for (const auto& [blob, at] : wanted)
            blobs.push_back(blob);
        snapshot_->read(blobs, [&](const std::string& blob, std::string_view content) {
            if (auto it = wanted.find(blob); it != wanted.end())
                for (std::size_t i : it->second)
                    jobs[i].text = std::string(content);
        });
        for_each_index(jobs.size(), files.size() < 64 ? 1 : cores, [&](std::size_t i) {
            if (!jobs[i].kept) read_blob_record(kind, settings_.vocabularies, erased_, jobs[i]);
        });
        for (std::size_t i = 0; i < jobs.size(); ++i) {
            LoadJob& job = jobs[i].job;
            if (jobs[i].kept && serve_kept(kind, *typed, settings_.vocabularies, erased_, jobs[i]))
                continue;
            problems_.insert(problems_.end(), job.problems.begin(), job.problems.end());
            if (!job.record) continue;
            if (!jobs[i].trusted) cache.keep(jobs[i].key, job.record->doc);
            take(std::move(*job.record));
            job.record.reset();  // a caller that streams keeps nothing: nor does this
        }
        // Nor do the caches count against memory whole: the trees this chunk read go.
        cache.let_go();
        working.let_go();
    }
    if (trust_caches_) cache.save();
}

std::optional<std::string> RecordStore::read_other(const std::string& relative) const {
    if (snapshot_) return snapshot_->read(relative);
    auto [folder_part, name] = std::pair{fs::path(relative).parent_path().string(),
                                         fs::path(relative).filename().string()};
    auto folder = Folder::open(root_, folder_part);
    if (!folder || folder->type_of(name) == EntryType::missing) return std::nullopt;
    return folder->read(name);
}

std::vector<std::string> RecordStore::file_names(std::string_view folder) const {
    std::vector<std::string> names;
    if (snapshot_) {
        for (const auto& e : snapshot_->entries(folder))
            if (e.type == EntryType::file) names.push_back(e.name);
        return names;
    }
    if (auto open = Folder::open(root_, std::string(folder)))
        for (auto& [name, type] : open->entries())
            if (type == EntryType::file) names.push_back(name);
    return names;
}

void RecordStore::load(const std::vector<Kind>& kinds) {
    for (Kind kind : kinds) {
        if (records_.count(kind)) continue;
        auto& list = records_[kind];
        read_kind(kind, [&](Record&& r) { list.push_back(std::move(r)); });
    }
}

void RecordStore::stream(Kind kind, const std::function<void(const Record&)>& visit) {
    if (records_.count(kind)) {
        for (const auto& r : records_[kind])
            visit(r);
        return;
    }
    records_[kind];  // read: none kept
    read_kind(kind, [&](Record&& r) { visit(r); });
}

void RecordStore::stream(Kind kind, const TypedStream& typed) {
    if (records_.count(kind)) {
        if (typed.expect) typed.expect(records_[kind].size());
        for (const auto& r : records_[kind])
            typed.record(r);
        return;
    }
    records_[kind];  // read: none kept
    read_kind(
        kind, [&](Record&& r) { typed.record(r); }, &typed);
}

Record KeptRecord::record() const {
    if (auto doc = deserialise_tree(tree))
        return Record{kind, std::string(id), std::string(file), std::move(*doc)};
    if (!folder)
        throw Error(ExitCode::bad_data, Location{std::string(file), 0, 0}, {},
                    "its copy in vfi's cache is damaged",
                    "delete the folder .vfi/cache and run the command again");
    return Record{kind, std::string(id), std::string(file),
                  yaml::parse(folder->read(std::string(name)), std::string(file))};
}

namespace {

// The places in `entries` (a folder of `kind`) of its record files, whose ids are added to
// `ids`; what is neither a record nor passed over goes to `strangers`. A link or a FIFO named
// like a record is a record that cannot be read: reading it says so (and never follows the
// link, nor waits on the FIFO).
std::vector<std::uint32_t> record_places(Kind kind, const SeenFiles::Listing& entries,
                                         const Folder& folder, std::vector<std::string>& ids,
                                         std::vector<std::string>& strangers) {
    std::vector<std::uint32_t> places;
    ids.reserve(ids.size() + entries.size());
    for (std::size_t i = 0; i < entries.size(); ++i) {
        const std::string& name = entries[i].first;
        bool is_folder = entries[i].second == EntryType::folder;
        if (!sort_entry(
                kind, name, is_folder, [&] { return folder.shown(name); }, strangers))
            continue;
        ids.emplace_back(record_id_of(name, kind));
        places.push_back(static_cast<std::uint32_t>(i));
    }
    return places;
}

}  // namespace

void RecordStore::read_kind(Kind kind, const std::function<void(Record&&)>& take,
                            const TypedStream* typed) {
    if (snapshot_) return read_kind_at(kind, take, typed);
    std::vector<std::string>& ids = ids_[kind];
    std::optional<Folder> folder;
    try {
        folder = Folder::open(root_, kind_folder(kind));
    } catch (const Error& e) {  // a link or a file where the folder goes
        problems_.push_back(Problem{e.where(), e.field(), e.message(), e.hint()});
        return;
    }
    if (!folder) return;
    SeenFiles::Listing entries;
    if (auto listed = listed_.find(kind); listed != listed_.end()) {
        entries = std::move(listed->second);  // listed for its ids: the ids told are what is read
        listed_.erase(listed);
    } else {
        entries = folder->entries();
    }
    std::size_t first_id = ids.size();
    auto records = record_places(kind, entries, *folder, ids, strangers_);
    // A cache git tracks came from whoever committed it, who knew the stamps of the files it
    // names: never read, nor written (a dummy one reads nothing).
    ParseCache cache(trusts_own_cache() ? root_ : fs::path("/nonexistent/vfi"), kind,
                     settings_text_);
    // A chunk at a time, so a caller that keeps nothing never holds every tree at once.
    if (typed && typed->expect) typed->expect(records.size());
    // The listing is kept whole, for the walk; the files read are named by their place in it.
    // Its names, not the list kept: that may move (a record taken may have the store read
    // another folder), and its names stay where they are.
    std::span<const std::pair<std::string, EntryType>> listing =
        seen_.start(std::string(kind_folder(kind)), std::move(entries), records.size());
    // Its jobs too are made a chunk at a time: a national folder's would be megabytes. While
    // one chunk's records are taken here, helpers read the next; then this thread helps them.
    constexpr std::size_t chunk = 1024;
    std::size_t chunks = (records.size() + chunk - 1) / chunk;
    unsigned cores = std::max(1u, std::min(4u, std::thread::hardware_concurrency()));
    std::array<std::vector<LoadJob>, 2> jobs;
    std::array<std::function<void(std::size_t)>, 2> read;
    for (std::size_t b = 0; b < 2; ++b)
        read[b] = [&, b](std::size_t i) {
            read_record(kind, settings_.vocabularies, cache, *folder, typed != nullptr, jobs[b][i]);
        };
    std::optional<SharedIndices> reading;  // after what it reads: it stops before they go
    std::size_t place = 0;  // in the cache, which is in order of name as the folder is read
    auto start = [&](std::size_t c) {
        auto& part = jobs[c % 2];
        std::size_t first = c * chunk;
        part.assign(std::min(chunk, records.size() - first), LoadJob{});
        for (std::size_t i = 0; i < part.size(); ++i) {
            part[i].id = ids[first_id + first + i];
            part[i].at = records[first + i];
            part[i].name = listing[part[i].at].first;
            part[i].shown = folder->shown(part[i].name);
            part[i].place = place = cache.place(part[i].name, place);
        }
        unsigned helpers = part.size() < 64 ? 0 : cores - 1;
        reading.emplace(part.size(), helpers, read[c % 2]);
    };
    if (chunks > 0) start(0);
    for (std::size_t c = 0; c < chunks; ++c) {
        reading->finish();
        reading.reset();
        if (c + 1 < chunks) start(c + 1);
        for (auto& job : jobs[c % 2]) {
            take_loaded(kind, job, cache, *folder, typed, take, problems_, seen_);
            job = LoadJob{};  // its tree and texts go now, not with the last chunk
        }
        cache.let_go();  // the cache is in order of name too: this chunk's entries are done
    }
    cache.save();
}

namespace {

// Whether git's index tracks anything under the data directory's `.vfi/`; nothing when the
// index cannot be read (see git_index_tracks_under).
std::optional<bool> index_tracks_own(const GitFacts& facts) {
    return git_index_tracks_under(facts.git_dir, facts.prefix + ".vfi/");
}

// git's facts of `root`, and its index read as trusts_own_cache reads it, so that the index's
// checksum (a SHA-1 of the whole file: 3.7 MB for a national programme, 37 MB at ten times
// it) is summed beside the listing of the folders, not after it. The answer itself is asked
// again (it is a few entries on); a sum that fails here is made again when needed.
std::optional<GitFacts> facts_and_index_summed(const fs::path& root) {
    auto facts = git_facts(root);
    try {
        if (facts) index_tracks_own(*facts);
    } catch (const std::exception&) {
    }
    return facts;
}

}  // namespace

void RecordStore::ask_git() const {
    if (git_ || git_asked_.valid() || snapshot_) return;
    try {
        git_asked_ = std::async(std::launch::async, facts_and_index_summed, root_);
    } catch (const std::system_error&) {
        // No thread to be had: git() asks in turn, as it would have.
    }
}

const std::optional<GitFacts>& RecordStore::git() const {
    if (git_) return *git_;
    git_ = git_asked_.valid() ? git_asked_.get() : git_facts(root_);
    if (auto& facts = *git_; facts && !facts->head.empty()) {
        // The short name is the commit's: remembered, it costs no git the next time.
        CommitMemo memo(root_, facts->head, trusts_own_cache());
        if (auto shown = memo.get("short"); shown && starts_with(facts->head, *shown)) {
            facts->head_short = *shown;
        } else {
            auto r = run_process({"git", "rev-parse", "--short", facts->head}, root_);
            facts->head_short = r.status == 0 ? trim(r.out) : facts->head.substr(0, 7);
            memo.put("short", facts->head_short);
        }
    }
    return *git_;
}

const std::optional<ReadIndex>& RecordStore::git_index() const {
    if (!index_) {
        const auto& facts = git();
        index_ = facts && !facts->head.empty() ? read_git_index(facts->git_dir) : std::nullopt;
    }
    return *index_;
}

bool RecordStore::trusts_own_cache() const {
    if (!trust_caches_ || snapshot_) return false;
    if (trusts_) return *trusts_;
    const auto& facts = git();
    if (!facts) return true;  // outside git nothing came through git
    // Read only as far as `.vfi/` would be, and not kept: work_tree() reads the whole index
    // at the end, when the files' stamps are all known.
    if (auto tracked = index_tracks_own(*facts))
        trusts_ = !*tracked;
    else
        trusts_ = !git_tracks_any(root_, ".vfi");
    return *trusts_;
}

const WorkTreeStatus& RecordStore::work_tree() const {
    if (!work_tree_) {
        const auto& facts = git();
        if (!facts) {
            work_tree_ = WorkTreeStatus{};
        } else {
            CommitMemo memo(root_, facts->head, trusts_own_cache());
            const auto& index = git_index();
            seen_.sort();
            work_tree_ = work_tree_status(root_, *facts, index ? &*index : nullptr, seen_, memo);
            index_.reset();
        }
        seen_.clear();  // needed for nothing else: its memory goes now
    }
    return *work_tree_;
}

std::vector<std::pair<Kind, std::string>> RecordStore::forgotten_in_history() const {
    if (snapshot_) return vfi::forgotten_in_history(root_, snapshot_->commit());
    std::string kept = kept_for_head("forgotten", [&](const std::string& head) {
        std::string ids;
        for (const auto& [kind, id] :
             vfi::forgotten_in_history(root_, head.empty() ? "HEAD" : head))
            ids += id + "\n";
        return ids;
    });
    std::vector<std::pair<Kind, std::string>> out;
    for (const auto& id : split(kept, '\n'))
        if (auto kind = kind_of_id(id)) out.emplace_back(*kind, id);
    return out;
}

std::string RecordStore::kept_for_head(
    const std::string& key, const std::function<std::string(const std::string&)>& work) const {
    const auto& facts = git();
    if (!facts || facts->head.empty()) return work("");
    // A shallow clone's history grows when deepened, HEAD unchanged: asked afresh each time.
    struct stat st {};
    if (::lstat((facts->git_dir / "shallow").c_str(), &st) == 0) return work(facts->head);
    CommitMemo memo(root_, facts->head, trusts_own_cache());
    if (auto kept = memo.get(key)) return *kept;
    std::string answer = work(facts->head);
    memo.put(key, answer);
    return answer;
}

const std::vector<Record>& RecordStore::records(Kind kind) const {
    static const std::vector<Record> none;
    auto it = records_.find(kind);
    return it == records_.end() ? none : it->second;
}

const Record* RecordStore::find(std::string_view id) const {
    auto kind = kind_of_id(id);
    if (!kind) return nullptr;
    const auto& list = records(*kind);
    auto it = std::lower_bound(list.begin(), list.end(), id,
                               [](const Record& r, std::string_view i) { return r.id < i; });
    return it != list.end() && it->id == id ? &*it : nullptr;
}

const Record& RecordStore::require(const std::string& id) const {
    const Record* r = find(id);
    if (!r) {
        auto kind = kind_of_id(id);
        if (!kind) throw Error(ExitCode::internal, fmt::format("'{}' is not a record id", id));
        throw fails_check(*kind, id);
    }
    return *r;
}

Error RecordStore::fails_check(Kind kind, const std::string& id) const {
    std::string file = record_path(kind, id), problem;
    for (const auto& p : problems_)
        if (p.where.file == file) {
            problem = ": " + p.describe();
            break;
        }
    return Error(ExitCode::bad_data, Location{file, 0, 0}, {},
                 "this record has a problem to fix first" + problem,
                 kind == Kind::match
                     ? "run `vfi check` to see it, fix it, then run the command again"
                     : fmt::format("fix it with `vfi {0} edit {1}`, or set the field at fault "
                                   "with `vfi {0} set {1} FIELD=VALUE`, then run the command again",
                                   kind_command(kind), id));
}

std::string RecordStore::resolve(Kind kind, std::string_view text) const {
    if (trim(text).empty())
        throw Error(ExitCode::usage, fmt::format("no {} id was given", kind_name(kind)),
                    fmt::format("give the id, e.g. {}-7KQ2MD, or enough of its start to be unique",
                                kind_prefix(kind)));
    std::string wanted = typed_id(kind, text);
    std::vector<std::string> hits;
    for (const auto& id : ids(kind))
        if (starts_with(id, wanted)) {
            if (id == wanted) return id;
            hits.push_back(id);
        }
    if (hits.size() == 1) return hits.front();
    if (hits.empty())
        throw Error(ExitCode::not_found,
                    fmt::format("no {} has the id '{}'", kind_name(kind), text),
                    fmt::format("list them with `vfi {} list`", kind_command(kind)));
    if (hits.size() > 5) hits.resize(5), hits.push_back("…");
    throw Error(ExitCode::usage, fmt::format("'{}' could be {}", text, join(hits, ", ")),
                "type more of the id");
}

std::string RecordStore::resolve(const std::vector<Kind>& kinds, std::string_view text,
                                 std::string_view keep) const {
    if (!keep.empty() && text == keep) return std::string(text);
    std::string typed = lower(trim(text));
    for (Kind kind : kinds)
        if (starts_with(typed, lower(std::string{kind_prefix(kind), '-'})))
            return resolve(kind, text);
    std::vector<std::string> found, names;
    for (Kind kind : kinds) {
        names.emplace_back(kind_name(kind));
        try {
            found.push_back(resolve(kind, text));
        } catch (const Error& e) {
            if (e.code() != ExitCode::not_found) throw;
        }
    }
    if (found.size() == 1) return found.front();
    if (found.size() > 1)
        throw Error(ExitCode::usage, fmt::format("'{}' could be {}", text, join(found, ", ")),
                    "type more of the id, with its letter (P-, L-, M-, S-)");
    throw Error(ExitCode::not_found,
                fmt::format("no {} has the id '{}'", join(names, " or "), text),
                keep.empty() ? "check the id" : fmt::format("check the id, or give {}", keep));
}

std::string RecordStore::new_id(Kind kind) const {
    if (snapshot_)
        throw Error(ExitCode::internal, "a new id was asked of records read as of a commit",
                    "this is a bug in vfi: please report it");
    auto folder = Folder::open(root_, kind_folder(kind));
    for (int attempt = 0; attempt < 100; ++attempt) {
        std::string id = random_id(kind);
        if (!folder || folder->type_of(id + ".yaml") == EntryType::missing) return id;
    }
    throw Error(ExitCode::internal, "could not find a free id",
                "this is a bug in vfi: please report it");
}

Change::Change(const RecordStore& store, ChangeOptions options)
    : store_(store), options_(options), batch_(store.root()) {
    if (store.as_of())  // the past is read from git's objects, never written
        throw Error(ExitCode::usage, {}, "--as-of",
                    "only reads the records as they were at a commit, and this command changes "
                    "them",
                    "leave out --as-of: a change is made to the records as they are now; "
                    "nothing was changed");
    batch_.records_allowed_ = true;
    // Alone from here: what is read next, and every rule checked on it, cannot change until
    // this change has landed.
    store.lock().change(DataLock::Mode::exclusive, options.lock_wait_seconds);
    batch_.keep_journal();
    undo_interrupted_change(store_.root());  // one killed since this store was read
    // In the middle of a git merge, vfi's commit would fail (or be swept into the merge), so
    // nothing is written until it is finished.
    // When the change is to be committed, git must be able to: a change written but never
    // committed, with exit status 0, is a change nobody knows is missing from history.
    if (options_.commit && store_.settings().autocommit &&
        looks_like_git_work_tree(store_.root())) {
        require_git(store_.root());
        GitState git = git_state(store_.root());
        // git's own commit would fail on a locked index, after the files were written.
        refuse_locked_index(git);
        const std::string& operation = git.operation;
        if (!operation.empty())
            throw Error(ExitCode::refused,
                        fmt::format("a git {} is not finished in this repository", operation),
                        operation == "merge"
                            ? "resolve the conflicts (`vfi check` names them), then `git add` "
                              "and `git commit`; nothing was changed"
                            : fmt::format("finish it (`git {} --continue`) or abandon it (`git {} "
                                          "--abort`); nothing was changed",
                                          operation, operation));
    }
    sweep_scratch(store_.root());
}

std::string Change::put(Kind kind, const std::string& id, const yaml::Node& doc, Write how,
                        const std::string* source) {
    std::string relative = record_path(kind, id);
    yaml::Node normal = normalise(kind, doc);
    // Comments a person wrote are kept, tied to the keys they sit on.
    std::string old;
    if (source) {
        old = *source;
    } else if (how == Write::replace) {
        try {
            old = read_data_file(store_.root(), relative);
        } catch (const Error& e) {
            if (e.code() != ExitCode::not_found) throw;
        }
    }
    yaml::Comments comments;
    if (old.find('#') != std::string::npos) {
        try {
            comments = yaml::find_comments(old, yaml::parse(old, relative));
        } catch (const Error&) {
            // A file that does not parse has no comments we could place.
        }
    }
    std::string text = yaml::emit_checked(normal, relative, &comments);
    batch_.put(relative, text, how);
    return text;
}

void Change::remove(Kind kind, const std::string& id) {
    batch_.remove(record_path(kind, id));
}

void Change::drop_cached(const std::vector<std::string>& paths) const {
    for (Kind kind : all_kinds) {
        std::string prefix = std::string(kind_folder(kind)) + "/";
        std::vector<std::string> names;
        for (const auto& path : paths)
            if (starts_with(path, prefix)) names.push_back(path.substr(prefix.size()));
        // Dropped even from a cache git tracks (never read): an erased person's data goes.
        if (!names.empty()) ParseCache(store_.root(), kind, store_.settings_text()).drop(names);
    }
}

Change::Result Change::commit(const std::string& message) {
    Result result;
    result.paths = batch_.paths();
    if (batch_.empty()) return result;
    GitState git;
    if (options_.commit && store_.settings().autocommit) {
        git = git_state(store_.root());
        if (git.work_tree) {
            refuse_locked_index(git);
            batch_.base_on_commit(git.head, message);
        }
    }
    batch_.land();
    // A folder listed before is listed again when next asked, and a file read before is no
    // longer as it was read: the work tree is judged from the files as they are now.
    store_.listed_.clear();
    store_.seen_.clear();
    // No older version of a file just written stays in the parse cache.
    drop_cached(result.paths);
    if (git.work_tree) {
        try {
            result.committed = git_commit(store_.root(), result.paths, message);
        } catch (const Error& e) {
            // Nothing is kept that history does not have: the files go back, and what git
            // staged.
            batch_.undo();
            drop_cached(result.paths);
            if (git_unstage(store_.root(), result.paths)) {
                batch_.drop_journal();
                throw;
            }
            // git let go of nothing (killed, it left its index locked): the journal stays, so
            // the next command takes the change out of the index once the lock is gone.
            throw Error(ExitCode::git, e.message(),
                        "the files were put back, but git's index still holds the change and is "
                        "locked (.git/index.lock): if no git command is running, remove the lock, "
                        "then run any vfi command, which takes the change out of git's index; do "
                        "not commit until then");
        }
    }
    batch_.finish();
    return result;
}

}  // namespace vfi
