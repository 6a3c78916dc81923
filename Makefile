# Zhiyuan (志愿) — the two commands: `make run` and `make test`. Both install what is missing first.
BUILD     ?= build
ASAN      ?= build-asan
JOBS      ?= 2
BUILD_TYPE ?= RelWithDebInfo

.PHONY: all deps build native web run test unit-asan cluster-test bench fuzz security-scan format clean

all: build

deps:
	bash scripts/install-deps.sh --web

native:
	cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=$(BUILD_TYPE) > /dev/null
	cmake --build $(BUILD) -j $(JOBS)

web:
	cd web && npm run build --silent

build: deps native web

# Serves http://127.0.0.1:8080 with an embedded SQLite database; loads the demo data on first start.
run: build
	$(BUILD)/zhiyuan serve --demo

# Unit tests again under AddressSanitizer and UndefinedBehaviorSanitizer (only the pure libraries).
unit-asan:
	cmake -S . -B $(ASAN) -DCMAKE_BUILD_TYPE=Debug -DZHIYUAN_SANITIZE=ON -DZHIYUAN_UNIT_ONLY=ON > /dev/null
	cmake --build $(ASAN) -j $(JOBS) --target unit_tests

# Every suite: unit (+ASan/UBSan), integration on SQLite and PostgreSQL, API on both, web unit, browser e2e.
test: build unit-asan
	bash scripts/run-tests.sh

# The multi-node deployment on loopback (scripts/cluster-up.sh: nginx, two instances, a PostgreSQL primary and its
# streaming replica) under load with one instance killed (docs/scaling.md); make test runs it too.
cluster-test: deps native
	BUILD=$(BUILD) node --test --test-concurrency=1 tests/cluster/

bench: build
	BUILD=$(BUILD) bash scripts/run-bench.sh

# The libFuzzer targets (fuzz/) for five minutes each; make test runs them for 15 s each.
fuzz: deps
	bash scripts/run-fuzz.sh 300

# sqlmap and wapiti against a demo server on loopback with authenticated sessions (docs/security.md).
security-scan: build
	command -v sqlmap >/dev/null && command -v wapiti >/dev/null || apt-get install -y -q sqlmap wapiti
	bash scripts/security-scan.sh

format:
	clang-format -i $$(git ls-files 'src/*.cpp' 'src/*.hpp' 'tests/*.cpp' 'tests/*.hpp' 'bench/*.cpp')

clean:
	rm -rf $(BUILD) $(ASAN) build-fuzz web/dist
