//! The edges of the data (issue 11): each numbered defect, through the real `stint` binary on
//! real SQLite files, in Europe/Berlin.

mod common;

use common::Cli;

fn write(cli: &Cli, name: &str, bytes: &[u8]) -> String {
    let path = cli.dir.path().join(name);
    std::fs::write(&path, bytes).unwrap();
    path.to_string_lossy().into_owned()
}

/// Adds `n` entries in project "acme", an hour apart from 2026-10-01, through `stint import`.
fn add_entries(cli: &Cli, n: usize) {
    let mut csv = String::from("start,stop,description,project\n");
    let first = chrono::DateTime::parse_from_rfc3339("2026-10-01T08:00:00Z").unwrap();
    for i in 0..n {
        let start = first + chrono::Duration::hours(i as i64);
        let stop = start + chrono::Duration::minutes(30);
        csv.push_str(&format!(
            "{},{},Entry {i} of a longer history,acme\n",
            start.to_rfc3339(),
            stop.to_rfc3339()
        ));
    }
    let file = write(cli, &format!("entries-{n}.csv"), csv.as_bytes());
    cli.ok(&["import", &file]);
}

/// Another program with the database open: Python's sqlite3 runs `script` (with `c`, the
/// connection), prints `ready` and sleeps. Returns once it is ready; kill it when done.
fn other_program(database: &std::path::Path, script: &str) -> std::process::Child {
    let mut child = std::process::Command::new("python3")
        .args([
            "-c",
            &format!("import sqlite3,sys,time; c=sqlite3.connect(sys.argv[1], isolation_level=None); {script}; print('ready', flush=True); time.sleep(60)"),
        ])
        .arg(database)
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut line = String::new();
    std::io::BufRead::read_line(
        &mut std::io::BufReader::new(child.stdout.as_mut().unwrap()),
        &mut line,
    )
    .unwrap();
    assert_eq!(line.trim(), "ready");
    child
}

/// Writes noise over the middle of the database file.
fn damage(cli: &Cli) -> Vec<u8> {
    let db = cli.database();
    let mut bytes = std::fs::read(&db).unwrap();
    let middle = bytes.len() / 2;
    for (i, b) in bytes[middle..middle + 2500].iter_mut().enumerate() {
        *b = (i * 31 % 253) as u8;
    }
    std::fs::write(&db, &bytes).unwrap();
    bytes
}

#[test]
fn d1_a_failed_export_leaves_the_old_file_whole() {
    let cli = Cli::new();
    add_entries(&cli, 300);
    let out = cli.dir.path().join("export.csv");
    let out_text = out.to_string_lossy().into_owned();
    cli.ok(&["export", "-o", &out_text]);
    let good = std::fs::read(&out).unwrap();
    assert_eq!(good.iter().filter(|b| **b == b'\n').count(), 301);
    damage(&cli);
    let run = cli.run(&["export", "-o", &out_text]);
    assert_ne!(run.code, 0);
    assert!(run.stderr.contains("damaged"), "{}", run.stderr);
    assert_eq!(
        std::fs::read(&out).unwrap(),
        good,
        "the old export was changed"
    );
    let leftovers: Vec<_> = std::fs::read_dir(cli.dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .filter(|n| n.to_string_lossy().contains("partial"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[test]
fn d2_a_copy_of_the_one_file_holds_every_entry_after_commands_exit() {
    let cli = Cli::new();
    cli.ok(&["status"]);
    // Another program keeps the database open meanwhile (as the app does), so no command is
    // the last connection to close: the WAL is folded back only if each command does it.
    let mut holder = other_program(
        &cli.database(),
        "c.execute('select count(*) from entries').fetchall()",
    );
    for i in 0..40 {
        cli.ok(&[
            "add",
            "--from",
            &format!("-{}m", 100 - i),
            "--to",
            &format!("-{}m", 99 - i),
            "Recent",
        ]);
    }
    let copy = Cli::new();
    std::fs::copy(cli.database(), copy.database()).unwrap();
    holder.kill().unwrap();
    holder.wait().unwrap();
    let listed = copy.json(&["log", "--all"]);
    assert_eq!(listed.as_array().unwrap().len(), 40);
}

#[test]
fn d3_out_of_range_times_are_refused_naming_the_input() {
    let cli = Cli::new();
    for input in [
        "-99999999d",
        "-9223372036854s",
        "-153722867280912m",
        "-106751991167d106751991167d",
    ] {
        let msg = cli.refused(&["start", "--at", input, "x"]);
        assert!(msg.contains(&format!("“{input}”")), "{msg}");
        assert!(msg.contains("1000 to 9999"), "{msg}");
        let msg = cli.refused(&["add", "--from", input, "--to", "-1h", "x"]);
        assert!(msg.contains(input), "{msg}");
        let msg = cli.refused(&["add", "--from", "-2h", "--to", input, "x"]);
        assert!(msg.contains(input), "{msg}");
    }
    assert!(cli.json(&["log", "--all"]).as_array().unwrap().is_empty());
}

#[test]
fn d4_now_and_minus_zero_mean_now() {
    let cli = Cli::new();
    let started = cli.json(&["start", "--at", "now", "x"]);
    assert_eq!(started["running"], true);
    cli.ok(&["stop"]);
    let added = cli.json(&["add", "--from", "-1h", "--to", "now", "y"]);
    assert_eq!(added["seconds"], 3600);
    let added = cli.json(&["add", "--from", "-1h", "--to", "-0s", "z"]);
    assert_eq!(added["seconds"], 3600);
}

#[test]
fn d5_dst_follows_one_rule() {
    let cli = Cli::new();
    let started = cli.json(&["start", "--at", "2025-10-26 02:30", "first"]);
    assert_eq!(started["start"], "2025-10-26T00:30:00Z");
    cli.ok(&["stop"]);
    let added = cli.json(&[
        "add",
        "--from",
        "2025-10-26 01:30",
        "--to",
        "2025-10-26 02:30",
        "hour",
    ]);
    assert_eq!(added["seconds"], 3600);
    for gap in ["2025-03-30 02:00", "2025-03-30 02:01", "2025-03-30 02:59"] {
        assert!(cli
            .refused(&["start", "--at", gap, "gap"])
            .contains("does not exist"));
    }
}

#[test]
fn d8_a_refused_command_creates_no_project_or_tag() {
    let cli = Cli::new();
    cli.refused(&[
        "start",
        "--at",
        "not a time",
        "-p",
        "proj-a",
        "-t",
        "t1",
        "x",
    ]);
    cli.refused(&["start", " ", "-p", "proj-b"]);
    cli.refused(&["add", "--from", "-1h", "--to", "-2h", "-p", "proj-c", "x"]);
    cli.ok(&["start", "running"]);
    cli.refused(&["start", "-p", "proj-d", "-t", "t2", "another"]);
    cli.ok(&["stop"]);
    let id = cli.json(&["add", "--from", "-3h", "--to", "-2h", "kept"])["id"].clone();
    cli.refused(&[
        "edit",
        &id.to_string(),
        "-p",
        "proj-e",
        "--from",
        "-1h",
        "--to",
        "-2h",
    ]);
    assert_eq!(cli.json(&["projects"]), serde_json::json!([]));
    assert_eq!(cli.json(&["tags"]), serde_json::json!([]));
}

#[test]
fn d9_imports_refuse_years_their_export_could_not_read() {
    let cli = Cli::new();
    for (row, line) in [
        ("-100000-01-01T08:06:32Z,2025-01-06T10:00:00Z,old", 3),
        ("25-01-02T09:00,25-01-02T10:00,short year", 3),
    ] {
        let file = write(
            &cli,
            "years.csv",
            format!(
                "start,stop,description\n2025-01-01T09:00:00Z,2025-01-01T10:00:00Z,fine\n{row}\n"
            )
            .as_bytes(),
        );
        let msg = cli.refused(&["import", &file]);
        assert!(msg.contains(&format!("Line {line}:")), "{msg}");
        assert!(msg.contains("Nothing was imported"), "{msg}");
    }
    assert!(cli.json(&["log", "--all"]).as_array().unwrap().is_empty());
}

#[test]
fn d10_import_messages_are_written_for_people() {
    let cli = Cli::new();
    let not_utf8 = write(
        &cli,
        "bad.csv",
        b"start,stop,description\n2025-01-01T09:00:00Z,2025-01-01T10:00:00Z,ok\n2025-01-02T09:00:00Z,2025-01-02T10:00:00Z,bad \xff\n",
    );
    let msg = cli.refused(&["import", &not_utf8]);
    assert!(msg.contains("Line 3 is not UTF-8 text"), "{msg}");
    assert!(!msg.contains("Position") && !msg.contains("Some("), "{msg}");

    let unclosed = write(
        &cli,
        "quote.csv",
        b"start,stop,description\n2025-01-01T09:00:00Z,2025-01-01T10:00:00Z,ok\n2025-01-02T09:00:00Z,2025-01-02T10:00:00Z,\"never closed\n2025-01-03T09:00:00Z,2025-01-03T10:00:00Z,c\n",
    );
    let msg = cli.refused(&["import", &unclosed]);
    assert!(msg.contains("Line 3: a quoted field starts here"), "{msg}");

    // UTF-8 with a byte-order mark, and UTF-16 as Excel writes it, both import.
    let bom = write(
        &cli,
        "bom.csv",
        b"\xef\xbb\xbfstart,stop,description\n2025-01-04T09:00:00Z,2025-01-04T10:00:00Z,bom\n",
    );
    cli.ok(&["import", &bom]);
    let mut utf16 = vec![0xff, 0xfe];
    for unit in "start,stop,description\r\n2025-01-05T09:00:00Z,2025-01-05T10:00:00Z,zwölf\r\n"
        .encode_utf16()
    {
        utf16.extend_from_slice(&unit.to_le_bytes());
    }
    let utf16 = write(&cli, "utf16.csv", &utf16);
    cli.ok(&["import", &utf16]);
    let all = cli.json(&["log", "--all"]);
    let descriptions: Vec<&str> = all
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["description"].as_str().unwrap())
        .collect();
    assert_eq!(descriptions, ["zwölf", "bom"]);
}

#[cfg(unix)]
#[test]
fn d12_the_data_is_readable_by_its_owner_only() {
    use std::os::unix::fs::PermissionsExt;
    let mut cli = Cli::new();
    cli.data = Some(cli.dir.path().join("fresh").join("stint"));
    cli.ok(&["start", "private"]);
    let mode = |p: std::path::PathBuf| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode(cli.data_dir()), 0o700);
    assert_eq!(mode(cli.database()), 0o600);
    let backup = cli.json(&["backup"]);
    assert_eq!(mode(backup["path"].as_str().unwrap().into()), 0o600);
}

/// Makes `dir` read-only for this process: a read-only bind mount as root (whom permissions do
/// not stop), else the folder's and file's write bits. Returns the folder to use and an undo.
#[cfg(target_os = "linux")]
fn read_only(dir: &std::path::Path) -> (std::path::PathBuf, Box<dyn FnOnce()>) {
    use std::os::unix::fs::PermissionsExt;
    use std::process::Command;
    let root = String::from_utf8(Command::new("id").arg("-u").output().unwrap().stdout)
        .unwrap()
        .trim()
        == "0";
    if root {
        let mount = dir.with_extension("ro");
        std::fs::create_dir(&mount).unwrap();
        let ok =
            |args: &[&str]| assert!(Command::new("mount").args(args).status().unwrap().success());
        let (from, to) = (dir.to_str().unwrap(), mount.to_str().unwrap());
        ok(&["--bind", from, to]);
        ok(&["-o", "remount,bind,ro", to]);
        let undo = mount.clone();
        (
            mount,
            Box::new(move || {
                Command::new("umount").arg(&undo).status().unwrap();
            }),
        )
    } else {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o400)).unwrap();
        }
        std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o500)).unwrap();
        let undo = dir.to_path_buf();
        (
            dir.to_path_buf(),
            Box::new(move || {
                std::fs::set_permissions(&undo, std::fs::Permissions::from_mode(0o700)).unwrap();
            }),
        )
    }
}

#[cfg(target_os = "linux")]
#[test]
fn d13_a_read_only_database_can_be_read_but_not_changed() {
    let mut cli = Cli::new();
    cli.data = Some(cli.dir.path().join("data"));
    add_entries(&cli, 5);
    let (mount, undo) = read_only(&cli.data_dir());
    let ro = Cli {
        dir: tempfile::tempdir().unwrap(),
        data: Some(mount),
    };
    let status = ro.run(&["status"]);
    let log = ro.run(&["--json", "log", "--all"]);
    let export = ro.run(&["export"]);
    let start = ro.run(&["start", "x"]);
    undo();
    assert_eq!(status.code, 0, "{}", status.stderr);
    assert_eq!(log.code, 0, "{}", log.stderr);
    assert_eq!(
        serde_json::from_str::<serde_json::Value>(&log.stdout)
            .unwrap()
            .as_array()
            .unwrap()
            .len(),
        5
    );
    assert_eq!(export.code, 0, "{}", export.stderr);
    assert_eq!(export.stdout.lines().count(), 6);
    assert_eq!(start.code, 1, "{}", start.stderr);
    assert!(start.stderr.contains("read-only"), "{}", start.stderr);
    assert!(
        !start.stderr.contains("attempt to write"),
        "{}",
        start.stderr
    );
}

#[test]
fn d14_formula_cells_are_defused_in_csv_and_restored_on_import() {
    let cli = Cli::new();
    for (i, text) in [
        "=HYPERLINK(\"http://127.0.0.1\",\"x\")",
        "=cmd|' /C calc'!A0",
        "+SUM(1+1)",
        "@SUM(1)",
        "-2+3",
        "'=already quoted",
        "plain",
    ]
    .iter()
    .enumerate()
    {
        cli.ok(&[
            "add",
            "--from",
            &format!("2026-11-02 {:02}:00", 8 + i),
            "--to",
            &format!("2026-11-02 {:02}:30", 8 + i),
            "--",
            text,
        ]);
    }
    let csv = cli.ok(&["export", "--all"]);
    let mut reader = csv::Reader::from_reader(csv.as_bytes());
    for record in reader.records() {
        let description = record.unwrap()[5].to_string();
        assert!(
            !description.starts_with(['=', '+', '-', '@']),
            "{description}"
        );
    }
    let file = write(&cli, "export.csv", csv.as_bytes());
    let other = Cli::new();
    other.ok(&["import", &file]);
    assert_eq!(other.ok(&["export", "--all"]), csv);
    let restored = other.json(&["log", "--all"]);
    assert!(restored
        .as_array()
        .unwrap()
        .iter()
        .any(|e| e["description"] == "=cmd|' /C calc'!A0"));
}

#[test]
fn d7_a_damaged_database_is_not_written_and_can_be_recovered() {
    let cli = Cli::new();
    add_entries(&cli, 400);
    cli.ok(&["backup"]);
    let damaged = damage(&cli);
    // Commands that write, export or back up check the whole file first.
    for args in [
        &["add", "--from", "-2h", "--to", "-1h", "z"][..],
        &["start", "x"],
        &["export"],
        &["backup"],
    ] {
        let run = cli.run(args);
        assert_eq!(run.code, 3, "{args:?}: {}", run.stdout);
        assert!(run.stderr.contains("damaged"), "{}", run.stderr);
        assert!(run.stderr.contains("stint restore"), "{}", run.stderr);
        assert!(run.stderr.contains(&cli.database().display().to_string()));
    }
    assert_eq!(
        std::fs::read(cli.database()).unwrap(),
        damaged,
        "the file was changed"
    );

    let recovered = cli.json(&["recover"]);
    assert!(recovered["entries"].as_u64().unwrap() > 300, "{recovered}");
    let kept = recovered["damaged_kept_as"].as_str().unwrap();
    assert_eq!(std::fs::read(kept).unwrap(), damaged);
    cli.ok(&["status"]);
    // A damaged database can also be replaced by a backup straight away.
    damage(&cli);
    let backups = cli.json(&["backups"]);
    let replaced = cli.json(&["restore", backups[0]["path"].as_str().unwrap()]);
    assert_eq!(replaced["entries"], 400);
    assert!(replaced["saved_current"]
        .as_str()
        .unwrap()
        .contains("replaced-"));
    // And the backup restores all of it.
    let backups = cli.json(&["backups"]);
    let name = backups[0]["path"].as_str().unwrap().to_string();
    assert_eq!(backups[0]["entries"], 400);
    let restored = cli.json(&["restore", &name]);
    assert_eq!(restored["entries"], 400);
    assert!(cli.ok(&["backups"]).contains("before-restore"));
}

#[test]
fn backup_restore_and_the_backups_list() {
    let cli = Cli::new();
    assert!(cli.ok(&["backups"]).contains("No backups yet"));
    add_entries(&cli, 3);
    let to_file = cli.dir.path().join("mine.db");
    cli.ok(&["backup", to_file.to_str().unwrap()]);
    cli.ok(&["add", "--from", "-3h", "--to", "-2h", "after one"]);
    cli.ok(&["add", "--from", "-2h", "--to", "-1h", "after two"]);
    let listed = cli.ok(&["backups"]);
    assert!(
        listed.contains("No backups yet"),
        "a backup to a file is not in the folder"
    );
    let restored = cli.json(&["restore", to_file.to_str().unwrap()]);
    assert_eq!(restored["entries"], 3);
    let listed = cli.json(&["backups"]);
    assert_eq!(listed.as_array().unwrap().len(), 1);
    assert_eq!(listed[0]["entries"], 5);
    assert!(cli
        .refused(&["restore", "no-such-backup.db"])
        .contains("`stint backups` lists them"));
}

#[test]
fn d11_a_writer_that_cannot_get_the_lock_says_another_stint_is_busy() {
    let cli = Cli::new();
    cli.ok(&["add", "--from", "-3h", "--to", "-2h", "Before"]);
    // Another program holds the write lock longer than Stint waits (5 s).
    let mut holder = other_program(&cli.database(), "c.execute('BEGIN IMMEDIATE')");
    let run = cli.run(&["add", "--from", "-2h", "--to", "-1h", "During"]);
    // Reading still works while another writer holds the lock.
    let status = cli.run(&["status"]);
    holder.kill().unwrap();
    holder.wait().unwrap();
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains("Another Stint is busy writing to the database. Nothing was changed; try again in a moment."),
        "{}",
        run.stderr
    );
    assert!(!run.stderr.contains("locked"), "{}", run.stderr);
    assert_eq!(status.code, 0, "{}", status.stderr);
    let all = cli.json(&["log", "--all"]);
    assert_eq!(all.as_array().unwrap().len(), 1);
}

/// Runs one SQL statement on the database with Python's sqlite3 (another program, so nothing of
/// Stint's own code is trusted to look); returns the first column of the first row.
fn sql(database: &std::path::Path, statement: &str) -> String {
    common::output_of(
        std::process::Command::new("python3")
            .args([
                "-c",
                "import sqlite3,sys; c=sqlite3.connect(sys.argv[1], isolation_level=None, timeout=10); r=c.execute(sys.argv[2]).fetchone(); print('' if r is None else r[0])",
            ])
            .arg(database)
            .arg(statement),
    )
    .trim()
    .to_string()
}

#[test]
fn d11_an_import_killed_while_publishing_is_taken_back_whole() {
    let cli = Cli::new();
    cli.ok(&["add", "--from", "-3h", "--to", "-2h", "Mine"]);
    let mut csv = String::from("start,stop,description,project,tags\n");
    let first = chrono::DateTime::parse_from_rfc3339("2010-01-01T08:00:00Z").unwrap();
    for i in 0..120_000i64 {
        let start = first + chrono::Duration::minutes(i * 10);
        csv.push_str(&format!(
            "{},{},Imported {i},p{},t{}\n",
            start.to_rfc3339(),
            (start + chrono::Duration::minutes(8)).to_rfc3339(),
            i % 5,
            i % 4
        ));
    }
    let file = write(&cli, "big.csv", csv.as_bytes());
    let mut import = std::process::Command::new(assert_cmd::cargo::cargo_bin("stint"))
        .env("STINT_DATA_DIR", cli.data_dir())
        .env("TZ", "Europe/Berlin")
        .args(["import", &file])
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let db = cli.database();
    // Kill it once part of it is published.
    loop {
        let published = sql(
            &db,
            "SELECT COUNT(*) FROM entries WHERE import_batch_id IN
               (SELECT id FROM import_batches WHERE publishing_at IS NOT NULL)",
        );
        if published != "0" {
            break;
        }
        assert!(
            import.try_wait().unwrap().is_none(),
            "the import finished before it could be killed"
        );
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
    import.kill().unwrap();
    import.wait().unwrap();
    assert_ne!(sql(&db, "SELECT COUNT(*) FROM entries"), "120001");
    // The next Stint to open the file takes the import back once it has made no progress for
    // a minute; a minute is made to pass by dating its last progress back.
    sql(
        &db,
        "UPDATE import_batches SET publishing_at = publishing_at - 120000",
    );
    let log = cli.json(&["log", "--all"]);
    let descriptions: Vec<&str> = log
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["description"].as_str().unwrap())
        .collect();
    assert_eq!(descriptions, ["Mine"]);
    assert_eq!(sql(&db, "SELECT COUNT(*) FROM projects"), "0");
    assert_eq!(sql(&db, "SELECT COUNT(*) FROM tags"), "0");
    assert_eq!(sql(&db, "SELECT COUNT(*) FROM import_batches"), "0");
    assert_eq!(sql(&db, "PRAGMA integrity_check"), "ok");
    // Importing again brings it all.
    cli.ok(&["import", &file]);
    assert_eq!(sql(&db, "SELECT COUNT(*) FROM entries"), "120001");
}
