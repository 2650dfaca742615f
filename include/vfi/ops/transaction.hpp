// The write gate: every command that writes records does so through one Transaction, which
// checks each record it is given, and the links between records the change touches, as
// `vfi check` would, before anything is written. So no command can write what check refuses,
// whatever it forgot to check itself.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "vfi/base/date.hpp"
#include "vfi/store/store.hpp"

namespace vfi {

class Transaction {
  public:
    // Takes the data directory's lock alone (see Change): read what the change depends on
    // after this, so no other vfi can change it meanwhile. `today` decides what is "in the
    // future".
    Transaction(RecordStore& store, ChangeOptions options, const Date& today);

    // Stages a record (see Change::put). Putting the same record again replaces it.
    void put(Kind kind, const std::string& id, const yaml::Node& doc, Write how,
             const std::string* source = nullptr);
    void remove(Kind kind, const std::string& id);
    // Stages a new file that is not a record (a receipt, `receipts/…`): refused when the name
    // is taken. It lands and is committed with the records. `Write::replace` for a file vfi
    // writes whole each time (`fetched.yaml`).
    void put_file(const std::string& relative, const std::string& content,
                  Write how = Write::create);

    // Checks everything staged; when `vfi check` would report a problem, throws it (exit 3 for
    // a record's own problem, 8 for a link between records) and writes nothing. Else lands
    // every staged file and commits them, and only them, to git with `message`.
    Change::Result commit(const std::string& message);

  private:
    void follow_consent();

    RecordStore& store_;
    Date today_;
    Change change_;
    std::vector<Record> puts_;
    std::vector<std::pair<Kind, std::string>> removes_;
};

}  // namespace vfi
