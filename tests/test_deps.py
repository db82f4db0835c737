"""Types from dependencies, against real encoding/json: fixtures/deps (gorm, uuid, decimal, civil,
database/sql) with its modules in the cache and without them (GOMODCACHE pointed at an empty
directory), and fixtures/deps-k8s (kubernetes Pod, Deployment, Service and a custom resource).

Each test runs a Go program that builds realistic values (the random sampler of test_roundtrip.py
cannot set the unexported fields of decimal.Decimal or resource.Quantity, nor a valid IntOrString),
marshals them with encoding/json and checks them with the generated Zod schemas; mutations no Go
program could produce must be rejected. Tests that need modules skip with the command that fetches them.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest

from contractgen.ir.model import Contract
from contractgen.pipeline import Generation, build
from harness import gorun
from harness.paths import REPO, fresh_dir, write_files
from harness.tsc import compile_package

DEPS = REPO / "fixtures" / "deps"
K8S = REPO / "fixtures" / "deps-k8s"
MODELS = "example.com/depsapp/models"


def _generate(module_dir: Path, case: str, tsc: Path, monkeypatch: pytest.MonkeyPatch, empty_cache: bool) -> tuple[Generation, Path]:
    work = fresh_dir("deps", case)
    with monkeypatch.context() as patch:
        if empty_cache:
            (work / "empty-cache").mkdir()
            patch.setenv("GOMODCACHE", str(work / "empty-cache"))
        generation = build(module_dir)
    errors = [d.render() for d in generation.diagnostics if d.severity.value == "error"]
    assert not errors, errors
    package_dir = work / "package"
    write_files(package_dir, {k[len("ts/") :]: v for k, v in generation.files.items() if k.startswith("ts/")})
    compiled = compile_package(tsc, package_dir, "nodenext", emit=True)
    assert compiled.returncode == 0, compiled.stdout + compiled.stderr
    return generation, work


def _skip_without_modules(module_dir: Path) -> None:
    missing = [d.message for d in build(module_dir, targets=False).diagnostics if d.code == "CG110"]
    if missing:
        pytest.skip(f"run `go mod download` in {module_dir.relative_to(REPO)}: {missing}")


def _check(  # type: ignore[type-arg]
    contract: Contract, work: Path, go: str, module: str, module_dir: Path, body: str, imports: str, extra: gorun.Mutations | None = None
) -> list[dict]:
    index = gorun.type_index(contract)
    source = PROGRAM.format(imports=imports, body=body)
    for key, number in index.items():
        source = source.replace("T{" + key + "}", str(number))
    assert "T{" not in source, "a type the program prints is not in the contract"
    samples = gorun.run_program(go, module, module_dir, work, source)
    return gorun.validate(contract, work / "package", samples, work, extra)


def _assert_all_accepted_and_rejected(results: list[dict], expected_types: int) -> None:  # type: ignore[type-arg]
    assert len(results) == expected_types, [r["type"] for r in results]
    rejected = [r for r in results if r["rejectedCount"]]
    assert not rejected, json.dumps(rejected[:3], indent=1)[:6000]
    accepted = [r for r in results if r["acceptedCount"]]
    assert not accepted, json.dumps(accepted[:3], indent=1)[:6000]
    assert sum(r["negatives"] for r in results) > 2 * len(results)


PROGRAM = """package main

import (
\t"encoding/json"
\t"fmt"
\t"os"
\t"time"
{imports}
)

func emit(t int, v any) {{
\tb, err := json.Marshal(v)
\tif err != nil {{
\t\tfmt.Fprintln(os.Stderr, err)
\t\tos.Exit(1)
\t}}
\tfmt.Printf("{{\\"t\\":%d,\\"v\\":%s}}\\n", t, b)
}}

var now = time.Date(2026, 11, 30, 17, 4, 5, 123456789, time.FixedZone("CET", 3600))

func main() {{
{body}
}}
"""

SHOP_IMPORTS = """
\t"database/sql"

\t"cloud.google.com/go/civil"
\t"github.com/google/uuid"
\t"github.com/shopspring/decimal"
\t"gorm.io/gorm"

\t"example.com/depsapp/models"
"""

SHOP_VALUES = """
\tid := uuid.MustParse("6f1c0a4e-2b8d-4c1e-9a53-0d2f6b7e8c91")
\tmodel := gorm.Model{ID: 42, CreatedAt: now, UpdatedAt: now.Add(time.Hour)}
\tdeleted := model
\tdeleted.DeletedAt = gorm.DeletedAt{Time: now, Valid: true}
\tdiscount := decimal.New(-15, -1)
\tprice := decimal.RequireFromString("1999.99")
\thuge := decimal.RequireFromString("123456789012345678901234567890.000000001")
\ttiny := decimal.New(1, -30)
\ttag := models.Tag{Name: "new"}
\tgone := models.Tag{Name: "old", DeletedAt: gorm.DeletedAt{Time: now, Valid: true}}
\tfor _, p := range []models.Product{
\t\t{},
\t\t{Model: model, PublicID: id, Name: "Kettle", Price: price, Description: sql.NullString{String: "1.7 l", Valid: true}, Tags: []models.Tag{tag, gone}},
\t\t{Model: deleted, PublicID: uuid.New(), Name: "Cup", Price: huge, Discount: &discount},
\t\t{Model: model, Price: tiny, Discount: &tiny},
\t} {
\t\temit(T{example.com/depsapp/models.Product}, p)
\t}
\temit(T{example.com/depsapp/models.Tag}, tag)
\temit(T{example.com/depsapp/models.Tag}, gone)
\taddress := models.Address{ID: 1, CustomerID: 42, Line1: "Hauptstr. 1", City: "Köln", Opens: civil.Time{Hour: 8, Minute: 30}, CreatedAt: now}
\temit(T{example.com/depsapp/models.Address}, address)
\temit(T{example.com/depsapp/models.Address}, models.Address{})
\tfor _, c := range []models.Customer{
\t\t{},
\t\t{Model: model, Email: "ada@example.com", Birthday: civil.DateOf(now), Phone: sql.NullString{String: "+49 221 1234", Valid: true},
\t\t\tPoints: sql.NullInt64{Int64: 1200, Valid: true}, Verified: sql.NullBool{Bool: true, Valid: true},
\t\t\tLastSeen: sql.NullTime{Time: now, Valid: true}, Referrer: &id, Addresses: []models.Address{address}},
\t} {
\t\temit(T{example.com/depsapp/models.Customer}, c)
\t}
\tline := models.OrderLine{Model: model, ProductID: 42, Quantity: 3, UnitPrice: price, Shipped: gorm.DeletedAt{Time: now, Valid: true}}
\temit(T{example.com/depsapp/models.OrderLine}, line)
\temit(T{example.com/depsapp/models.OrderLine}, models.OrderLine{})
\t// A zero Order's status is "", which no constant names: the enum zero-value rule is issue 7 section 3's, not this test's.
\tfor _, o := range []models.Order{
\t\t{Status: models.OrderPending},
\t\t{Model: &deleted, Number: id, CustomerID: 42, Status: models.OrderPaid, Total: price.Mul(decimal.New(3, 0)), Lines: []models.OrderLine{line},
\t\t\tDelivery: civil.DateTimeOf(now), Note: sql.Null[string]{V: "leave at the door", Valid: true},
\t\t\tCoupon: decimal.NullDecimal{Decimal: discount, Valid: true}, Taxes: map[string]decimal.Decimal{"VAT": decimal.RequireFromString("19.00")}},
\t} {
\t\temit(T{example.com/depsapp/models.Order}, o)
\t}
\temit(T{example.com/depsapp/models.AuditEntry}, models.AuditEntry{Row: deleted, Action: "delete"})
\temit(T{example.com/depsapp/models.Page}, models.Page[string]{Items: []string{"a"}, Total: 1, Next: &id})
"""

# The types the values above are of: each must have been checked.
SHOP_TYPES = 8


def test_dependency_types_accept_what_go_marshals(tsc: Path, go: str, monkeypatch: pytest.MonkeyPatch) -> None:
    _skip_without_modules(DEPS)
    generation, work = _generate(DEPS, "cache", tsc, monkeypatch, empty_cache=False)
    contract = generation.contract
    product = contract.decl(MODELS, "Product")
    keys = [f.name for f in product.fields]
    assert keys[:4] == ["ID", "CreatedAt", "UpdatedAt", "DeletedAt"] and "Model" not in keys
    assert not product.open
    assert {p.dir for p in contract.packages} >= {"_deps/gorm.io/gorm", "_deps/database/sql"}
    assert "ts/src/_deps/gorm.io/gorm.ts" in generation.files
    assert not [d for d in generation.diagnostics if d.code in ("CG100", "CG102", "CG105", "CG110")], [
        d.render() for d in generation.diagnostics
    ]
    results = _check(contract, work, go, "example.com/depsapp", DEPS, SHOP_VALUES, SHOP_IMPORTS)
    _assert_all_accepted_and_rejected(results, SHOP_TYPES)
    # The mutations include a number where decimal writes a string, and a missing promoted key.
    product_result = next(r for r in results if r["type"] == f"{MODELS}.Product")
    assert product_result["negatives"] >= 10


def test_without_the_module_cache_every_value_is_still_accepted(tsc: Path, go: str, monkeypatch: pytest.MonkeyPatch) -> None:
    _skip_without_modules(DEPS)  # the Go program needs them; the contract is generated without them
    generation, work = _generate(DEPS, "no-cache", tsc, monkeypatch, empty_cache=True)
    missing = [d for d in generation.diagnostics if d.code == "CG110"]
    assert len(missing) == 1 and "gorm.io/gorm" in missing[0].message and "go mod download" in missing[0].hint
    assert missing[0].position is not None and missing[0].position.path == "go.mod"
    assert not [d for d in generation.diagnostics if d.code == "CG100"]
    unseen = sorted(d.position.path.rsplit("/", 1)[-1] for d in generation.diagnostics if d.code == "CG105" and d.position)
    assert unseen == ["customer.go", "order.go", "product.go"]  # OrderLine's `json:"-"` embedding is not reported
    contract = generation.contract
    product = contract.decl(MODELS, "Product")
    assert product.open and "Model" not in [f.name for f in product.fields]
    assert "CG105" in product.doc
    module = generation.files["ts/src/models.ts"]
    assert "export const ProductSchema = z.looseObject({" in module
    assert "[key: string]: unknown;" in module
    results = _check(contract, work, go, "example.com/depsapp", DEPS, SHOP_VALUES, SHOP_IMPORTS)
    _assert_all_accepted_and_rejected(results, SHOP_TYPES)


K8S_IMPORTS = """
\tappsv1 "k8s.io/api/apps/v1"
\tcorev1 "k8s.io/api/core/v1"
\t"k8s.io/apimachinery/pkg/api/resource"
\tmetav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
\t"k8s.io/apimachinery/pkg/util/intstr"

\t"example.com/k8sapp/workloads"
"""

K8S_VALUES = """
\tlabels := map[string]string{"app": "shop", "tier": "web"}
\tmeta := metav1.ObjectMeta{Name: "shop-7d9f", Namespace: "prod", UID: "2f0c6d1e-8a41-4d3b-b0a5-1c9e7f3a6b20", ResourceVersion: "81723",
\t\tGeneration: 3, CreationTimestamp: metav1.NewTime(now), Labels: labels, Annotations: map[string]string{"team": "payments"},
\t\tOwnerReferences: []metav1.OwnerReference{{APIVersion: "apps/v1", Kind: "ReplicaSet", Name: "shop-7d9f", UID: "1", Controller: &[]bool{true}[0]}}}
\tcontainer := corev1.Container{
\t\tName: "web", Image: "registry.example.com/shop:1.4.2", Args: []string{"--port=8080"},
\t\tPorts: []corev1.ContainerPort{{Name: "http", ContainerPort: 8080, Protocol: corev1.ProtocolTCP}},
\t\tEnv: []corev1.EnvVar{{Name: "DB_HOST", Value: "db"}, {Name: "POD", ValueFrom: &corev1.EnvVarSource{FieldRef: &corev1.ObjectFieldSelector{FieldPath: "metadata.name"}}}},
\t\tResources: corev1.ResourceRequirements{
\t\t\tLimits: corev1.ResourceList{corev1.ResourceCPU: resource.MustParse("500m"), corev1.ResourceMemory: resource.MustParse("256Mi")},
\t\t\tRequests: corev1.ResourceList{corev1.ResourceCPU: resource.MustParse("0.1"), corev1.ResourceMemory: resource.MustParse("1Gi")},
\t\t},
\t\tLivenessProbe: &corev1.Probe{ProbeHandler: corev1.ProbeHandler{HTTPGet: &corev1.HTTPGetAction{Path: "/healthz", Port: intstr.FromString("http")}}, PeriodSeconds: 10},
\t\tReadinessProbe: &corev1.Probe{ProbeHandler: corev1.ProbeHandler{TCPSocket: &corev1.TCPSocketAction{Port: intstr.FromInt32(8080)}}},
\t\tImagePullPolicy: corev1.PullIfNotPresent,
\t}
\tstarted := metav1.NewTime(now.Add(time.Minute))
\tpod := corev1.Pod{
\t\tTypeMeta: metav1.TypeMeta{Kind: "Pod", APIVersion: "v1"}, ObjectMeta: meta,
\t\tSpec: corev1.PodSpec{Containers: []corev1.Container{container}, RestartPolicy: corev1.RestartPolicyAlways, NodeName: "node-3"},
\t\tStatus: corev1.PodStatus{Phase: corev1.PodRunning, PodIP: "10.1.2.3", StartTime: &started,
\t\t\tConditions: []corev1.PodCondition{{Type: corev1.PodReady, Status: corev1.ConditionTrue, LastTransitionTime: started}},
\t\t\tContainerStatuses: []corev1.ContainerStatus{{Name: "web", Ready: true, RestartCount: 1, Image: container.Image, ImageID: "sha256:ab12",
\t\t\t\tState: corev1.ContainerState{Running: &corev1.ContainerStateRunning{StartedAt: started}}}}},
\t}
\temit(T{k8s.io/api/core/v1.Pod}, pod)
\temit(T{k8s.io/api/core/v1.Pod}, corev1.Pod{})
\t// Half-filled objects: enum fields without omitempty that nobody set are written as "" (issue 7).
\thalf := corev1.Pod{Spec: corev1.PodSpec{Containers: []corev1.Container{{Name: "web"}},
\t\tTopologySpreadConstraints: []corev1.TopologySpreadConstraint{{MaxSkew: 1}},
\t\tAffinity: &corev1.Affinity{NodeAffinity: &corev1.NodeAffinity{RequiredDuringSchedulingIgnoredDuringExecution: &corev1.NodeSelector{
\t\t\tNodeSelectorTerms: []corev1.NodeSelectorTerm{{MatchExpressions: []corev1.NodeSelectorRequirement{{Key: "zone"}}}}}}},
\t\tSecurityContext: &corev1.PodSecurityContext{SeccompProfile: &corev1.SeccompProfile{}}, ReadinessGates: []corev1.PodReadinessGate{{}}},
\t\tStatus: corev1.PodStatus{Conditions: []corev1.PodCondition{{Type: corev1.PodReady}, {}}}}
\temit(T{k8s.io/api/core/v1.Pod}, half)
\treplicas := int32(3)
\tsurge := intstr.FromString("25%")
\tdeployment := appsv1.Deployment{
\t\tTypeMeta: metav1.TypeMeta{Kind: "Deployment", APIVersion: "apps/v1"}, ObjectMeta: metav1.ObjectMeta{Name: "shop", Namespace: "prod", Labels: labels},
\t\tSpec: appsv1.DeploymentSpec{Replicas: &replicas, Selector: &metav1.LabelSelector{MatchLabels: labels},
\t\t\tTemplate: corev1.PodTemplateSpec{ObjectMeta: metav1.ObjectMeta{Labels: labels}, Spec: corev1.PodSpec{Containers: []corev1.Container{container}}},
\t\t\tStrategy: appsv1.DeploymentStrategy{Type: appsv1.RollingUpdateDeploymentStrategyType, RollingUpdate: &appsv1.RollingUpdateDeployment{MaxSurge: &surge}}},
\t\tStatus: appsv1.DeploymentStatus{ObservedGeneration: 3, Replicas: 3, ReadyReplicas: 3, AvailableReplicas: 3,
\t\t\tConditions: []appsv1.DeploymentCondition{{Type: appsv1.DeploymentAvailable, Status: corev1.ConditionTrue, LastUpdateTime: started, Reason: "MinimumReplicasAvailable"}}},
\t}
\temit(T{k8s.io/api/apps/v1.Deployment}, deployment)
\temit(T{k8s.io/api/apps/v1.Deployment}, appsv1.Deployment{})
\temit(T{k8s.io/api/apps/v1.Deployment}, appsv1.Deployment{Status: appsv1.DeploymentStatus{Conditions: []appsv1.DeploymentCondition{{}}}})
\tservice := corev1.Service{
\t\tTypeMeta: metav1.TypeMeta{Kind: "Service", APIVersion: "v1"}, ObjectMeta: metav1.ObjectMeta{Name: "shop", Namespace: "prod"},
\t\tSpec: corev1.ServiceSpec{Type: corev1.ServiceTypeClusterIP, Selector: labels, ClusterIP: "10.96.0.12", ClusterIPs: []string{"10.96.0.12"},
\t\t\tPorts: []corev1.ServicePort{{Name: "http", Port: 80, TargetPort: intstr.FromString("http"), Protocol: corev1.ProtocolTCP}, {Name: "metrics", Port: 9090, TargetPort: intstr.FromInt32(9090)}}},
\t}
\temit(T{k8s.io/api/core/v1.Service}, service)
\temit(T{k8s.io/api/core/v1.Service}, corev1.Service{})
\tlast := metav1.NewTime(now)
\tbackup := workloads.Backup{TypeMeta: metav1.TypeMeta{Kind: "Backup", APIVersion: "ops.example.com/v1"}, ObjectMeta: metav1.ObjectMeta{Name: "nightly"},
\t\tSpec: workloads.BackupSpec{Schedule: "0 3 * * *", Retention: metav1.Duration{Duration: 72 * time.Hour}, Size: resource.MustParse("20Gi"), Port: intstr.FromInt32(5432)},
\t\tStatus: workloads.BackupStatus{LastRun: &last, Heartbeat: metav1.NewMicroTime(now),
\t\t\tConditions: []metav1.Condition{{Type: "Ready", Status: metav1.ConditionTrue, LastTransitionTime: last, Reason: "Done", Message: "ok"}}}}
\temit(T{example.com/k8sapp/workloads.Backup}, backup)
\temit(T{example.com/k8sapp/workloads.Backup}, workloads.Backup{})
\temit(T{example.com/k8sapp/workloads.Backup}, workloads.Backup{Status: workloads.BackupStatus{Conditions: []metav1.Condition{{Type: "Ready"}}}})
\temit(T{example.com/k8sapp/workloads.Overview}, workloads.Overview{Pods: []corev1.Pod{pod}, Deployments: []appsv1.Deployment{deployment}, Services: []corev1.Service{service}})
"""


@pytest.mark.slow
def test_kubernetes_objects_marshalled_by_go_are_accepted(tsc: Path, go: str, monkeypatch: pytest.MonkeyPatch) -> None:
    _skip_without_modules(K8S)
    generation, work = _generate(K8S, "k8s", tsc, monkeypatch, empty_cache=False)
    contract = generation.contract
    pod = contract.decl("k8s.io/api/core/v1", "Pod")
    keys = [f.name for f in pod.fields]
    assert keys == ["kind", "apiVersion", "metadata", "spec", "status"], keys
    assert [f.optional for f in pod.fields] == [True, True, False, False, False]  # omitempty never omits a struct
    meta = contract.decl("k8s.io/apimachinery/pkg/apis/meta/v1", "ObjectMeta")
    created = next(f for f in meta.fields if f.name == "creationTimestamp")
    # `omitempty,omitzero`: metav1.Time's IsZero omits the zero time, the only one its MarshalJSON writes as null.
    assert created.type.name == "Time" and created.optional and not created.type.nullable
    time_decl = contract.decl("k8s.io/apimachinery/pkg/apis/meta/v1", "Time")
    assert time_decl.type is not None and time_decl.type.format == "date-time" and time_decl.type.nullable
    assert "ts/src/_deps/k8s.io/api/core/v1.ts" in generation.files
    assert not [d.render() for d in generation.diagnostics if d.code in ("CG100", "CG102", "CG105", "CG110")]
    results = _check(contract, work, go, "example.com/k8sapp", K8S, K8S_VALUES, K8S_IMPORTS, _broken_kubernetes_objects)
    _assert_all_accepted_and_rejected(results, 5)
    assert next(r for r in results if r["type"] == "k8s.io/api/core/v1.Pod")["negatives"] >= 15 + len(POD_BREAKAGES)


# Deep breakages of the real Pod and Deployment, none of which encoding/json could write.
POD_BREAKAGES: list[tuple[str, tuple[Any, ...], Any]] = [
    ("a number as the image", ("spec", "containers", 0, "image"), 1),
    ("a containerPort as a string", ("spec", "containers", 0, "ports", 0, "containerPort"), "8080"),
    ("a containerPort beyond int32", ("spec", "containers", 0, "ports", 0, "containerPort"), 2**31),
    ("a Quantity as a number", ("spec", "containers", 0, "resources", "limits", "cpu"), 0.5),
    ("creationTimestamp that is no time", ("metadata", "creationTimestamp"), "yesterday"),
    ("labels as an array", ("metadata", "labels"), ["app"]),
    ("a label value as a number", ("metadata", "labels", "app"), 3),
    ("an unknown phase", ("status", "phase"), "Exploded"),
    ("an unknown condition status", ("status", "conditions", 0, "status"), "Maybe"),
    ("an IntOrString port as a boolean", ("spec", "containers", 0, "livenessProbe", "httpGet", "port"), True),
    ("an IntOrString port beyond int32", ("spec", "containers", 0, "readinessProbe", "tcpSocket", "port"), 2**31),
    ("an IntOrString port as a fraction", ("spec", "containers", 0, "readinessProbe", "tcpSocket", "port"), 80.5),
    ("an IntOrString port as null", ("spec", "containers", 0, "readinessProbe", "tcpSocket", "port"), None),
    ("a restart count as a string", ("status", "containerStatuses", 0, "restartCount"), "1"),
    ("containers as an object", ("spec", "containers"), {"web": {}}),
]
DEPLOYMENT_BREAKAGES: list[tuple[str, tuple[Any, ...], Any]] = [
    ("replicas as a string", ("spec", "replicas"), "3"),
    ("an unknown strategy type", ("spec", "strategy", "type"), "BlueGreen"),
    ("matchLabels as a string", ("spec", "selector", "matchLabels"), "app=shop"),
    ("a condition's time that is no time", ("status", "conditions", 0, "lastUpdateTime"), 12),
]


def _broken_kubernetes_objects(key: str, values: list[Any]) -> list[dict[str, Any]]:
    breakages = {"k8s.io/api/core/v1.Pod": POD_BREAKAGES, "k8s.io/api/apps/v1.Deployment": DEPLOYMENT_BREAKAGES}.get(key, [])
    full = next((v for v in values if v.get("kind")), None)
    out = []
    for why, path, bad in breakages:
        assert full is not None
        broken = copy.deepcopy(full)
        target = broken
        for step in path[:-1]:
            target = target[step]
        assert path[-1] in target or isinstance(target, list), (why, path)
        target[path[-1]] = bad
        out.append({"why": why, "value": broken})
    return out


def test_generate_without_the_cache_warns_once_per_module_and_succeeds(tmp_path: Path) -> None:
    """The CLI on a machine without the modules: exit 0, one CG110 naming `go mod download`, no traceback;
    and the output is byte-identical from run to run (different hash seeds)."""
    import os
    import subprocess
    import sys

    (tmp_path / "empty").mkdir()
    outputs = []
    for seed in ("1", "2"):
        out = tmp_path / f"out{seed}"
        env = {**os.environ, "GOMODCACHE": str(tmp_path / "empty"), "PYTHONHASHSEED": seed, "CONTRACTGEN_CACHE_DIR": "off"}
        run = subprocess.run(
            [sys.executable, "-m", "contractgen", "generate", str(DEPS), "--out", str(out)], env=env, capture_output=True, text=True
        )
        assert run.returncode == 0, run.stderr
        assert run.stderr.count("warning[CG110]") == 1 and "go mod download gorm.io/gorm" in run.stderr, run.stderr
        assert "Traceback" not in run.stderr
        outputs.append({p.relative_to(out).as_posix(): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()})
    assert outputs[0] == outputs[1]
    assert "ts/src/_deps/database/sql.ts" in outputs[0] and "ts/src/_deps/gorm.io/gorm.ts" not in outputs[0]
