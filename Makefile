# aftersales — the two commands a newcomer needs are `make run` and `make test`.
SHELL := /bin/bash
GO ?= go
STACK := infra/stack/stack.sh
FUNCTIONS := $(notdir $(wildcard functions/*))
LAMBDA_FLAGS := -tags lambda.norpc -trimpath -ldflags='-s -w'

.PHONY: run test build bench lint deploy local-up local-down unit integration template-check mail

run: ## install what is missing, start the stack, API and web client on :3000 with demo data
	@bash infra/run.sh

test: ## unit + integration tests against DynamoDB Local and moto, template checks
	@bash infra/test.sh

build: ## every function's bootstrap (linux/arm64, stripped) under bin/<function>/
	@for f in $(FUNCTIONS); do \
	  GOOS=linux GOARCH=arm64 CGO_ENABLED=0 $(GO) build $(LAMBDA_FLAGS) -o bin/$$f/bootstrap ./functions/$$f || exit 1; \
	done; ls -l bin/*/bootstrap

# SAM's makefile build method calls build-<LogicalId>; LogicalId is the folder name
# in CamelCase plus "Function" (IdentityApiFunction -> functions/identity-api).
build-%:
	GOOS=linux GOARCH=arm64 CGO_ENABLED=0 $(GO) build $(LAMBDA_FLAGS) -o $(ARTIFACTS_DIR)/bootstrap \
	  ./functions/$(shell echo '$*' | sed -E 's/Function$$//; s/([a-z0-9])([A-Z])/\1-\2/g' | tr A-Z a-z)

bench: build ## sizes, cold start, and every benchmark figure the issues ask for
	@bash infra/bench.sh

lint: ## gofmt, go vet, sam validate --lint
	@test -z "$$(gofmt -l $$(git ls-files '*.go'))" || { gofmt -l $$(git ls-files '*.go'); echo "gofmt needed"; exit 1; }
	$(GO) vet ./...
	$(STACK) sam validate --lint

deploy: ## build, deploy, upload the web client, invalidate CloudFront (dev; `make deploy ENV=prod` for prod)
	@bash infra/deploy/deploy.sh

local-up: ## start DynamoDB Local and moto
	$(STACK) up

local-down: ## stop them
	$(STACK) down

mail: ## print the SMS and e-mails the local stack has sent
	@$(GO) run ./infra/mail
