// Package samtemplate reads template.yaml so that local tooling (the runner, the
// stack setup, tests) serves and creates exactly what AWS would: the functions
// with their routes, S3 triggers and schedules, the table and the buckets. There
// is no second hand-kept copy of any of them.
package samtemplate

import (
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"

	"gopkg.in/yaml.v3"
)

// Template is the part of template.yaml the local tooling needs.
type Template struct {
	Functions  []Function
	Table      Table
	Buckets    []Bucket
	Authorizer string // logical id of the HTTP API's Lambda authorizer
	Parameters map[string]string
	// GlobalEnvironment names the variables Globals gives every function
	// (values as written, intrinsic functions unresolved).
	GlobalEnvironment map[string]string
}

// Function is one AWS::Serverless::Function.
type Function struct {
	LogicalID string
	// Dir is the folder under functions/ that holds its main.go.
	Dir       string
	Routes    []Route
	S3        []S3Trigger
	Schedules []Schedule
	// Async is set for functions invoked asynchronously (S3 and schedules):
	// they must have a retry limit and an on-failure destination.
	RetryLimit  *int
	OnFailure   string
	BuildMethod string
	Environment map[string]string
}

// Route is one HttpApi event.
type Route struct {
	Method, Path string
	Public       bool
}

// Key is the API Gateway route key, e.g. "GET /acts/{id}".
func (r Route) Key() string { return r.Method + " " + r.Path }

// S3Trigger is one S3 event: objects created in a bucket under a prefix.
type S3Trigger struct {
	Bucket string // logical id of the bucket
	Prefix string
}

// Schedule is one ScheduleV2 (or Schedule) event.
type Schedule struct {
	Name       string
	Expression string // cron(...) or rate(...)
	TimeZone   string
}

// Table is the DynamoDB table's key schema and indexes.
type Table struct {
	LogicalID              string
	AttributeDefinitions   []AttributeDefinition `yaml:"AttributeDefinitions"`
	KeySchema              []KeyElement          `yaml:"KeySchema"`
	GlobalSecondaryIndexes []struct {
		IndexName  string       `yaml:"IndexName"`
		KeySchema  []KeyElement `yaml:"KeySchema"`
		Projection struct {
			ProjectionType   string   `yaml:"ProjectionType"`
			NonKeyAttributes []string `yaml:"NonKeyAttributes"`
		} `yaml:"Projection"`
	} `yaml:"GlobalSecondaryIndexes"`
	TimeToLiveSpecification struct {
		AttributeName string `yaml:"AttributeName"`
	} `yaml:"TimeToLiveSpecification"`
}

// AttributeDefinition is one key attribute's name and type.
type AttributeDefinition struct {
	AttributeName string `yaml:"AttributeName"`
	AttributeType string `yaml:"AttributeType"`
}

// KeyElement is one part of a key schema.
type KeyElement struct {
	AttributeName string `yaml:"AttributeName"`
	KeyType       string `yaml:"KeyType"`
}

// Bucket is one AWS::S3::Bucket.
type Bucket struct {
	LogicalID string
	Versioned bool
	// EnvVar is the Globals environment variable that carries its name.
	EnvVar string
}

// Find looks for template.yaml in dir and its parents, so tests in any package find it.
func Find(dir string) (string, error) {
	for {
		p := filepath.Join(dir, "template.yaml")
		if _, err := os.Stat(p); err == nil {
			return p, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", fmt.Errorf("template.yaml not found above %s", dir)
		}
		dir = parent
	}
}

// Here finds the template from the working directory up (Find) and reads
// it (Load): what tests and tools started inside the repository need.
func Here() (path string, tpl *Template, err error) {
	wd, err := os.Getwd()
	if err != nil {
		return "", nil, err
	}
	if path, err = Find(wd); err != nil {
		return "", nil, err
	}
	tpl, err = Load(path)
	return path, tpl, err
}

// Load reads and interprets a template file.
func Load(path string) (*Template, error) {
	raw, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var doc struct {
		Parameters map[string]struct {
			Default string `yaml:"Default"`
		} `yaml:"Parameters"`
		Globals struct {
			Function struct {
				Environment struct {
					Variables map[string]yaml.Node `yaml:"Variables"`
				} `yaml:"Environment"`
			} `yaml:"Function"`
		} `yaml:"Globals"`
		Resources map[string]struct {
			Type       string    `yaml:"Type"`
			Properties yaml.Node `yaml:"Properties"`
			Metadata   yaml.Node `yaml:"Metadata"`
		} `yaml:"Resources"`
	}
	if err := yaml.Unmarshal(raw, &doc); err != nil {
		return nil, fmt.Errorf("parse %s: %w", path, err)
	}
	t := &Template{Parameters: map[string]string{}}
	for name, p := range doc.Parameters {
		t.Parameters[name] = p.Default
	}
	bucketEnv := map[string]string{}
	t.GlobalEnvironment = map[string]string{}
	for env, node := range doc.Globals.Function.Environment.Variables {
		t.GlobalEnvironment[env] = node.Value
		if node.Tag == "!Sub" {
			bucketEnv[env] = node.Value
		}
	}
	for _, id := range slices.Sorted(maps.Keys(doc.Resources)) {
		res := doc.Resources[id]
		switch res.Type {
		case "AWS::Serverless::Function":
			fn, err := t.function(id, &res.Properties, &res.Metadata)
			if err != nil {
				return nil, err
			}
			t.Functions = append(t.Functions, fn)
		case "AWS::DynamoDB::Table":
			if err := res.Properties.Decode(&t.Table); err != nil {
				return nil, fmt.Errorf("table %s: %w", id, err)
			}
			t.Table.LogicalID = id
		case "AWS::S3::Bucket":
			var props struct {
				BucketName              yaml.Node `yaml:"BucketName"`
				VersioningConfiguration struct {
					Status string `yaml:"Status"`
				} `yaml:"VersioningConfiguration"`
			}
			if err := res.Properties.Decode(&props); err != nil {
				return nil, fmt.Errorf("bucket %s: %w", id, err)
			}
			b := Bucket{LogicalID: id, Versioned: props.VersioningConfiguration.Status == "Enabled"}
			for env, sub := range bucketEnv {
				if sub == props.BucketName.Value {
					b.EnvVar = env
				}
			}
			t.Buckets = append(t.Buckets, b)
		case "AWS::Serverless::HttpApi":
			var props struct {
				Auth struct {
					Authorizers map[string]struct {
						FunctionArn yaml.Node `yaml:"FunctionArn"`
					} `yaml:"Authorizers"`
				} `yaml:"Auth"`
			}
			if err := res.Properties.Decode(&props); err != nil {
				return nil, fmt.Errorf("http api %s: %w", id, err)
			}
			for _, a := range props.Auth.Authorizers {
				t.Authorizer = strings.TrimSuffix(a.FunctionArn.Value, ".Arn")
			}
		}
	}
	return t, nil
}

var camel = regexp.MustCompile(`([a-z0-9])([A-Z])`)

// DirOf is the folder naming rule the Makefile's build-% target uses too.
func DirOf(logicalID string) string {
	return strings.ToLower(camel.ReplaceAllString(strings.TrimSuffix(logicalID, "Function"), "$1-$2"))
}

func (t *Template) function(id string, props, meta *yaml.Node) (Function, error) {
	var p struct {
		Environment struct {
			Variables map[string]yaml.Node `yaml:"Variables"`
		} `yaml:"Environment"`
		EventInvokeConfig struct {
			MaximumRetryAttempts *int `yaml:"MaximumRetryAttempts"`
			DestinationConfig    struct {
				OnFailure struct {
					Destination yaml.Node `yaml:"Destination"`
				} `yaml:"OnFailure"`
			} `yaml:"DestinationConfig"`
		} `yaml:"EventInvokeConfig"`
		Events map[string]struct {
			Type       string    `yaml:"Type"`
			Properties yaml.Node `yaml:"Properties"`
		} `yaml:"Events"`
	}
	if err := props.Decode(&p); err != nil {
		return Function{}, fmt.Errorf("function %s: %w", id, err)
	}
	var m struct {
		BuildMethod string `yaml:"BuildMethod"`
	}
	if !meta.IsZero() {
		if err := meta.Decode(&m); err != nil {
			return Function{}, fmt.Errorf("function %s metadata: %w", id, err)
		}
	}
	fn := Function{
		LogicalID:   id,
		Dir:         DirOf(id),
		BuildMethod: m.BuildMethod,
		RetryLimit:  p.EventInvokeConfig.MaximumRetryAttempts,
		OnFailure:   p.EventInvokeConfig.DestinationConfig.OnFailure.Destination.Value,
		Environment: map[string]string{},
	}
	for k, v := range p.Environment.Variables {
		fn.Environment[k] = v.Value
	}
	for _, name := range slices.Sorted(maps.Keys(p.Events)) {
		ev := p.Events[name]
		switch ev.Type {
		case "HttpApi":
			var r struct {
				Path   string `yaml:"Path"`
				Method string `yaml:"Method"`
				Auth   struct {
					Authorizer string `yaml:"Authorizer"`
				} `yaml:"Auth"`
			}
			if err := ev.Properties.Decode(&r); err != nil {
				return Function{}, fmt.Errorf("function %s event %s: %w", id, name, err)
			}
			fn.Routes = append(fn.Routes, Route{Method: strings.ToUpper(r.Method), Path: r.Path, Public: r.Auth.Authorizer == "NONE"})
		case "S3":
			var s struct {
				Bucket yaml.Node `yaml:"Bucket"`
				Filter struct {
					S3Key struct {
						Rules []struct {
							Name  string `yaml:"Name"`
							Value string `yaml:"Value"`
						} `yaml:"Rules"`
					} `yaml:"S3Key"`
				} `yaml:"Filter"`
			}
			if err := ev.Properties.Decode(&s); err != nil {
				return Function{}, fmt.Errorf("function %s event %s: %w", id, name, err)
			}
			trig := S3Trigger{Bucket: s.Bucket.Value}
			for _, rule := range s.Filter.S3Key.Rules {
				if strings.EqualFold(rule.Name, "prefix") {
					trig.Prefix = rule.Value
				}
			}
			fn.S3 = append(fn.S3, trig)
		case "ScheduleV2", "Schedule":
			var s struct {
				ScheduleExpression         yaml.Node `yaml:"ScheduleExpression"`
				ScheduleExpressionTimezone yaml.Node `yaml:"ScheduleExpressionTimezone"`
			}
			if err := ev.Properties.Decode(&s); err != nil {
				return Function{}, fmt.Errorf("function %s event %s: %w", id, name, err)
			}
			fn.Schedules = append(fn.Schedules, Schedule{
				Name:       name,
				Expression: t.value(s.ScheduleExpression),
				TimeZone:   t.value(s.ScheduleExpressionTimezone),
			})
		}
	}
	return fn, nil
}

// value resolves a scalar that may be a !Ref to a parameter's default.
func (t *Template) value(n yaml.Node) string {
	if n.Tag == "!Ref" {
		return t.Parameters[n.Value]
	}
	return n.Value
}

// Function returns the function with a logical id.
func (t *Template) Function(id string) (Function, bool) {
	for _, f := range t.Functions {
		if f.LogicalID == id {
			return f, true
		}
	}
	return Function{}, false
}
