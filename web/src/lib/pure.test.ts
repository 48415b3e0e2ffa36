import { describe, expect, it } from "vitest";
import { ApiError, apiErrorFrom, describeError } from "../api/errors";
import { parseConfig } from "./config";

describe("config.json", () => {
  it("is read with the local Cognito endpoint and the password flow", () => {
    const config = parseConfig({
      apiUrl: "http://127.0.0.1:3000/",
      region: "us-east-1",
      userPoolId: "pool",
      userPoolClientId: "client",
      cognitoEndpoint: "http://127.0.0.1:4566",
      authFlow: "USER_PASSWORD_AUTH",
    });
    expect(config.apiUrl).toBe("http://127.0.0.1:3000");
    expect(config.cognitoEndpoint).toBe("http://127.0.0.1:4566");
    expect(config.authFlow).toBe("USER_PASSWORD_AUTH");
    expect(config.currency).toBe("USD");
  });

  it("defaults to SRP sign-in and refuses a config without the user pool", () => {
    expect(parseConfig({ apiUrl: "a", region: "r", userPoolId: "p", userPoolClientId: "c" }).authFlow).toBe(
      "USER_SRP_AUTH",
    );
    expect(() => parseConfig({ apiUrl: "a", region: "r" })).toThrow(/userPoolId/);
  });
});

describe("API errors", () => {
  it("become a sentence naming each bad field", () => {
    const error = apiErrorFrom(422, {
      error: {
        code: "VALIDATION",
        message: "The request is not valid.",
        details: [{ field: "offer.price.amount", message: "must be more than zero" }],
      },
      requestId: "r1",
    });
    expect(error).toBeInstanceOf(ApiError);
    expect(describeError(error)).toBe("The request is not valid. (amount: must be more than zero)");
  });

  it("without the error shape still read as a human message", () => {
    expect(describeError(apiErrorFrom(502, "<html>"))).toBe("The shop answered 502. Please try again.");
    expect(describeError(new TypeError("Failed to fetch"))).toMatch(/Could not reach the shop/);
  });
});
