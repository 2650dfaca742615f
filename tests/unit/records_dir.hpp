// A data directory of small fictional records written as YAML text, and the store and
// programme over it: what the tests of the core's operations and reports build on.
#pragma once

#include <doctest/doctest.h>

#include <string>

#include "temp_dir.hpp"
#include "vfi/format/validate.hpp"
#include "vfi/model/lifecycle.hpp"
#include "vfi/model/programme.hpp"
#include "vfi/store/store.hpp"

namespace vfi::test {

struct RecordsDir {
    TempDir d;
    // vfi.yaml: the programme's name and `settings` (more YAML lines of vfi.yaml), with the
    // score names the tests rate added to vocabularies.scores.
    explicit RecordsDir(std::string settings = "") {
        const std::string scores =
            "  scores: [confidence, trust, listening]\n"
            "  partner_scores: [confidence, trust, listening]\n";
        auto at = settings.find("vocabularies:\n");
        if (at == std::string::npos)
            settings = "vocabularies:\n" + scores + settings;
        else
            settings.insert(at + 14, scores);
        d.write("vfi.yaml", "vfi: 1\nprogramme: Test\n" + settings);
    }
    // An active partner trained on 2022-01-01, unless `status` says otherwise.
    void partner(const std::string& id, const std::string& more,
                 const std::string& status = "active") const {
        d.write("partners/" + id + ".yaml", "id: " + id + "\nname: Partner " + id.substr(2) +
                                                "\nstatus: " + status +
                                                "\ntraining:\n  completed: 2022-01-01\n" + more);
    }
    void leader(const std::string& id, const std::string& more,
                const std::string& status = "waiting") const {
        d.write("leaders/" + id + ".yaml", "id: " + id + "\nname: Leader " + id.substr(2) +
                                               "\nstatus: " + status + "\n" + more);
    }
    // `dates` as YAML lines; by default proposed 2023-01-01, started 2023-01-02 unless still
    // proposed, and ended 2023-06-01 when completed or ended.
    void match(const std::string& id, const std::string& partner, const std::string& leader,
               const std::string& status, std::string dates = {}) const {
        if (dates.empty()) {
            dates = "proposed: 2023-01-01\n";
            if (status != "proposed") dates += "started: 2023-01-02\n";
            if (status == "completed" || status == "ended") dates += "ended: 2023-06-01\n";
        }
        d.write("matches/" + id + ".yaml", "id: " + id + "\npartner: " + partner + "\nleader: " +
                                               leader + "\nstatus: " + status + "\n" + dates);
    }
    void session(const std::string& id, const std::string& more) const {
        d.write("sessions/" + id + ".yaml", "id: " + id + "\n" + more);
    }
    void reflection(const std::string& id, const std::string& more) const {
        d.write("reflections/" + id + ".yaml", "id: " + id + "\n" + more);
    }
};

// The store with every kind loaded (each record valid, else the test fails) and the programme.
struct Loaded {
    RecordStore store;
    Programme programme;
    explicit Loaded(const RecordsDir& dir) : store(dir.d.path), programme(load(store)) {}

  private:
    static const RecordStore& load(RecordStore& s) {
        s.load({Kind::partner, Kind::leader, Kind::match, Kind::session, Kind::reflection});
        for (const auto& p : s.problems())
            FAIL(p.describe());
        for (const auto& p : s.settings_problems())
            FAIL(p.describe());
        return s;
    }
};

// What `f` throws: "exit-code file:line:col: field: message — hint", or "no error".
template <typename F>
std::string thrown(F&& f) {
    try {
        f();
    } catch (const Error& e) {
        return std::to_string(static_cast<int>(e.code())) + " " + e.describe();
    }
    return "no error";
}

// A record as vfi would write it.
inline std::string written(Kind kind, const yaml::Node& doc) {
    return yaml::emit(normalise(kind, doc));
}
inline std::string written(const Update& u) {
    return written(u.kind, u.doc);
}

}  // namespace vfi::test
