"""Writes the document pairs of `diff`'s tests: <case>/old.yaml and <case>/new.yaml, each pair
one edit of the base document below (or none). `cargo test -p hwcloud-codegen --test diff`
compares what `diff` says of each pair with <case>/expected; the tests need no Python, this
only documents how the pairs were made:  python3 codegen/tests/diff/pairs.py"""

import copy
import os

import yaml

BASE = {
    "openapi": "3.0.3",
    "info": {"title": "Pets", "version": "1", "description": "A pet store."},
    "servers": [{"url": "https://api.example.com/v1"}],
    "security": [{"token": []}],
    "paths": {
        "/pets": {
            "get": {
                "operationId": "listPets",
                "summary": "List the pets.",
                "security": [],
                "parameters": [{"name": "page", "in": "query", "schema": {"type": "integer"}}],
                "responses": {
                    "200": {
                        "description": "The pets.",
                        "content": {"application/json": {"schema": {"type": "array", "items": {"$ref": "#/components/schemas/Pet"}}}},
                    }
                },
            }
        },
        "/pets/{petId}": {
            "get": {
                "operationId": "getPet",
                "summary": "Get a pet.",
                "parameters": [
                    {"name": "petId", "in": "path", "required": True, "schema": {"type": "string", "maxLength": 36}},
                    {"name": "verbose", "in": "query", "schema": {"type": "boolean"}},
                ],
                "responses": {
                    "200": {
                        "description": "The pet.",
                        "content": {
                            "application/json": {"schema": {"$ref": "#/components/schemas/Pet"}},
                            "application/xml": {"schema": {"$ref": "#/components/schemas/Pet"}},
                        },
                    },
                    "404": {"description": "No such pet."},
                },
            },
            "put": {
                "operationId": "updatePet",
                "summary": "Update a pet.",
                "parameters": [{"name": "petId", "in": "path", "required": True, "schema": {"type": "string"}}],
                "requestBody": {
                    "required": True,
                    "content": {
                        "application/json": {"schema": {"$ref": "#/components/schemas/PetUpdate"}},
                        "application/x-www-form-urlencoded": {"schema": {"$ref": "#/components/schemas/PetUpdate"}},
                    },
                },
                "responses": {
                    "200": {"description": "Updated.", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Pet"}}}},
                    "202": {"description": "Accepted, updated later."},
                },
            },
        },
        "/pets/{petId}/feed": {
            "post": {
                "operationId": "feedPet",
                "summary": "Feed a pet.",
                "parameters": [{"name": "petId", "in": "path", "required": True, "schema": {"type": "string"}}],
                "responses": {"204": {"description": "Fed."}},
            }
        },
    },
    "components": {
        "securitySchemes": {"token": {"type": "apiKey", "in": "header", "name": "X-Auth-Token"}},
        "schemas": {
            "Pet": {
                "type": "object",
                "description": "A pet.",
                "required": ["id", "name"],
                "properties": {
                    "id": {"type": "string", "description": "Its ID."},
                    "name": {"type": "string", "maxLength": 64},
                    "nickname": {"type": "string", "nullable": True},
                    "status": {"type": "string", "enum": ["available", "sold"]},
                    "toy": {"oneOf": [{"type": "string"}, {"type": "integer"}]},
                },
            },
            "PetUpdate": {
                "type": "object",
                "required": ["name"],
                "properties": {
                    "name": {"type": "string", "maxLength": 64, "pattern": "^[a-z]+$"},
                    "age": {"type": "integer", "minimum": 0, "maximum": 100},
                    "status": {"type": "string", "enum": ["available", "sold"]},
                    "tags": {"type": "array", "items": {"type": "string"}, "maxItems": 5},
                    "note": {"type": "string", "nullable": True},
                    "toy": {"oneOf": [{"type": "string"}, {"type": "integer"}]},
                },
            },
        },
    },
}


def ops(doc):
    return doc["paths"]


def pet(doc):
    return doc["components"]["schemas"]["Pet"]


def update(doc):
    return doc["components"]["schemas"]["PetUpdate"]


def rename_refs(node, old, new):
    if isinstance(node, dict):
        for k, v in node.items():
            if k == "$ref" and v == old:
                node[k] = new
            else:
                rename_refs(v, old, new)
    elif isinstance(node, list):
        for v in node:
            rename_refs(v, old, new)


def moved_into_ref(old, new):
    # Old: the list's item schema written inline; new: the same schema as a component.
    inline = copy.deepcopy(pet(old))
    old["paths"]["/pets"]["get"]["responses"]["200"]["content"]["application/json"]["schema"]["items"] = inline


def reordered(old, new):
    p = pet(new)
    p["properties"] = dict(reversed(list(p["properties"].items())))
    new["paths"] = dict(reversed(list(new["paths"].items())))


def path_renamed(old, new):
    item = new["paths"].pop("/pets/{petId}")
    for op in item.values():
        for param in op["parameters"]:
            if param["name"] == "petId":
                param["name"] = "id"
    new["paths"]["/pets/{id}"] = item


def described(old, new):
    pet(new)["description"] = "An animal of the store."
    pet(new)["properties"]["id"]["description"] = "The pet's ID, unique in the store."
    ops(new)["/pets"]["get"]["summary"] = "Lists every pet."


def renamed_component(old, new):
    schemas = new["components"]["schemas"]
    schemas["Animal"] = schemas.pop("Pet")
    rename_refs(new, "#/components/schemas/Pet", "#/components/schemas/Animal")


def deprecated_removed(old, new):
    ops(old)["/pets"]["get"]["deprecated"] = True
    del ops(new)["/pets"]


def method_changed(old, new):
    item = ops(new)["/pets/{petId}"]
    item["patch"] = item.pop("put")


def became_optional_param(old, new):
    ops(old)["/pets/{petId}"]["get"]["parameters"][1]["required"] = True


def body_became_required(old, new):
    ops(old)["/pets/{petId}"]["put"]["requestBody"]["required"] = False


def set_(path_fn, key, value):
    def edit(old, new):
        path_fn(new)[key] = value
    return edit


CASES = {
    # No change for HTTP clients (nor, but the last, for Rust code).
    "unchanged": lambda old, new: None,
    "description-edited": described,
    "keys-reordered": reordered,
    "moved-into-ref": moved_into_ref,
    "path-parameter-renamed": path_renamed,
    "component-renamed": renamed_component,
    # One check each.
    "operation-removed": lambda old, new: ops(new).pop("/pets"),
    "deprecated-operation-removed": deprecated_removed,
    "operation-method-changed": method_changed,
    "operation-added": lambda old, new: ops(new)["/pets/{petId}"].update(
        {"delete": {"operationId": "deletePet", "parameters": [{"name": "petId", "in": "path", "required": True, "schema": {"type": "string"}}], "responses": {"204": {"description": "Deleted."}}}}
    ),
    "operation-id-changed": lambda old, new: ops(new)["/pets/{petId}"]["get"].update({"operationId": "fetchPet"}),
    "operation-deprecated": lambda old, new: ops(new)["/pets/{petId}"]["get"].update({"deprecated": True}),
    "request-parameter-added-required": lambda old, new: ops(new)["/pets/{petId}"]["get"]["parameters"].append(
        {"name": "owner", "in": "query", "required": True, "schema": {"type": "string"}}
    ),
    "request-parameter-added": lambda old, new: ops(new)["/pets"]["get"]["parameters"].append(
        {"name": "limit", "in": "query", "schema": {"type": "integer"}}
    ),
    "request-parameter-removed": lambda old, new: ops(new)["/pets/{petId}"]["get"]["parameters"].pop(1),
    "request-parameter-became-required": lambda old, new: ops(new)["/pets/{petId}"]["get"]["parameters"][1].update({"required": True}),
    "request-parameter-became-optional": became_optional_param,
    "request-parameter-location-changed": lambda old, new: ops(new)["/pets/{petId}"]["get"]["parameters"][1].update({"in": "header"}),
    "request-body-added-required": lambda old, new: ops(new)["/pets/{petId}/feed"]["post"].update(
        {"requestBody": {"required": True, "content": {"application/json": {"schema": {"type": "object", "properties": {"food": {"type": "string"}}}}}}}
    ),
    "request-body-added": lambda old, new: ops(new)["/pets/{petId}/feed"]["post"].update(
        {"requestBody": {"content": {"application/json": {"schema": {"type": "object", "properties": {"food": {"type": "string"}}}}}}}
    ),
    "request-body-removed": lambda old, new: ops(new)["/pets/{petId}"]["put"].pop("requestBody"),
    "request-body-became-required": body_became_required,
    "request-body-became-optional": lambda old, new: ops(new)["/pets/{petId}"]["put"]["requestBody"].update({"required": False}),
    "request-media-type-removed": lambda old, new: ops(new)["/pets/{petId}"]["put"]["requestBody"]["content"].pop("application/x-www-form-urlencoded"),
    "request-media-type-added": lambda old, new: ops(new)["/pets/{petId}"]["put"]["requestBody"]["content"].update(
        {"application/merge-patch+json": {"schema": {"$ref": "#/components/schemas/PetUpdate"}}}
    ),
    "response-success-status-removed": lambda old, new: ops(new)["/pets/{petId}"]["put"]["responses"].pop("202"),
    "response-success-status-added": lambda old, new: ops(new)["/pets/{petId}/feed"]["post"]["responses"].update({"200": {"description": "Fed, with a receipt."}}),
    "response-error-status-removed": lambda old, new: ops(new)["/pets/{petId}"]["get"]["responses"].pop("404"),
    "response-error-status-added": lambda old, new: ops(new)["/pets/{petId}"]["put"]["responses"].update({"409": {"description": "Conflict."}}),
    "response-media-type-removed": lambda old, new: ops(new)["/pets/{petId}"]["get"]["responses"]["200"]["content"].pop("application/xml"),
    "response-media-type-added": lambda old, new: ops(new)["/pets/{petId}"]["put"]["responses"]["200"]["content"].update(
        {"application/xml": {"schema": {"$ref": "#/components/schemas/Pet"}}}
    ),
    "type-changed": lambda old, new: update(new)["properties"]["age"].update({"type": "string"}),
    "request-nullable-removed": lambda old, new: update(new)["properties"]["note"].pop("nullable"),
    "request-nullable-added": lambda old, new: update(new)["properties"]["age"].update({"nullable": True}),
    "response-became-nullable": lambda old, new: pet(new)["properties"]["name"].update({"nullable": True}),
    "response-nullable-removed": lambda old, new: pet(new)["properties"]["nickname"].pop("nullable"),
    "request-constraint-narrowed-max-length": lambda old, new: update(new)["properties"]["name"].update({"maxLength": 32}),
    "request-constraint-narrowed-pattern-added": lambda old, new: update(new)["properties"]["status"].update({"pattern": "^[a-z]+$"}),
    "request-constraint-narrowed-minimum": lambda old, new: update(new)["properties"]["age"].update({"minimum": 1}),
    "request-constraint-narrowed-max-items": lambda old, new: update(new)["properties"]["tags"].update({"maxItems": 3}),
    "request-constraint-narrowed-multiple-of": lambda old, new: update(new)["properties"]["age"].update({"multipleOf": 2}),
    "request-constraint-widened": lambda old, new: update(new)["properties"]["name"].update({"maxLength": 128}),
    "response-constraint-widened": lambda old, new: pet(new)["properties"]["name"].update({"maxLength": 128}),
    "response-constraint-narrowed": lambda old, new: pet(new)["properties"]["name"].update({"maxLength": 32}),
    "request-enum-value-removed": lambda old, new: update(new)["properties"]["status"].update({"enum": ["available"]}),
    "request-enum-value-added": lambda old, new: update(new)["properties"]["status"].update({"enum": ["available", "sold", "pending"]}),
    "response-enum-value-added": lambda old, new: pet(new)["properties"]["status"].update({"enum": ["available", "sold", "pending"]}),
    "response-enum-value-removed": lambda old, new: pet(new)["properties"]["status"].update({"enum": ["available"]}),
    "request-additional-properties-closed": lambda old, new: update(new).update({"additionalProperties": False}),
    "request-property-added-required": lambda old, new: (
        update(new)["properties"].update({"owner": {"type": "string"}}),
        update(new)["required"].append("owner"),
    ),
    "request-property-added": lambda old, new: update(new)["properties"].update({"color": {"type": "string"}}),
    "request-property-removed": lambda old, new: update(new)["properties"].pop("tags"),
    "request-property-became-required": lambda old, new: update(new)["required"].append("age"),
    "request-property-became-optional": lambda old, new: update(new).update({"required": []}) or update(new).pop("required"),
    "response-property-removed": lambda old, new: pet(new)["properties"].pop("status"),
    "response-property-became-optional": lambda old, new: pet(new).update({"required": ["id"]}),
    "response-property-added": lambda old, new: pet(new)["properties"].update({"color": {"type": "string"}}),
    "response-property-became-required": lambda old, new: pet(new)["required"].append("status"),
    "request-one-of-member-removed": lambda old, new: update(new)["properties"]["toy"]["oneOf"].pop(),
    "request-one-of-member-added": lambda old, new: update(new)["properties"]["toy"]["oneOf"].append({"type": "boolean"}),
    "response-one-of-member-added": lambda old, new: pet(new)["properties"]["toy"]["oneOf"].append({"type": "boolean"}),
    "response-one-of-member-removed": lambda old, new: pet(new)["properties"]["toy"]["oneOf"].pop(),
    "security-added": lambda old, new: ops(new)["/pets"]["get"].pop("security"),
    "security-removed": lambda old, new: ops(new)["/pets/{petId}"]["get"].update({"security": [{"token": []}, {}]}),
    "servers-changed": lambda old, new: new.update({"servers": [{"url": "https://pets.example.com/v2"}]}),
}


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    for name, edit in CASES.items():
        old, new = copy.deepcopy(BASE), copy.deepcopy(BASE)
        edit(old, new)
        folder = os.path.join(here, name)
        os.makedirs(folder, exist_ok=True)
        for side, doc in (("old", old), ("new", new)):
            with open(os.path.join(folder, side + ".yaml"), "w") as f:
                yaml.safe_dump(doc, f, sort_keys=False, width=100)


if __name__ == "__main__":
    main()
