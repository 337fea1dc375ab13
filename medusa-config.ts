import { defineConfig, loadEnv } from "@medusajs/framework/utils"
import path from "path"

// The plugin's own development and test host: `medusa` commands and the integration test runner treat
// this repository as a Medusa project that loads `src/` (routes, subscribers, jobs, workflows, links,
// admin), the dunning module and the plugin's notification providers.
loadEnv(process.env.NODE_ENV || "development", process.cwd())

const smtpPort = process.env.DUNNING_SMTP_PORT ? Number(process.env.DUNNING_SMTP_PORT) : null

module.exports = defineConfig({
  projectConfig: {
    databaseUrl: process.env.DATABASE_URL || "postgres://postgres@localhost:5432/medusa_dunning_dev",
    http: {
      storeCors: process.env.STORE_CORS || "http://localhost:8000",
      adminCors: process.env.ADMIN_CORS || "http://localhost:9000",
      authCors: process.env.AUTH_CORS || "http://localhost:9000",
      jwtSecret: process.env.JWT_SECRET || "supersecret",
      cookieSecret: process.env.COOKIE_SECRET || "supersecret",
    },
    // a production build served over plain http on localhost (the admin browser test) needs a session
    // cookie without the secure flag
    ...(process.env.DUNNING_INSECURE_COOKIES === "true" ? { cookieOptions: { secure: false, sameSite: "lax" as const } } : {}),
  },
  modules: [
    {
      resolve: "@medusajs/medusa/payment",
      options: {
        providers:
          process.env.NODE_ENV === "test" || process.env.DUNNING_TEST_PAYMENTS === "true"
            ? // tests need a provider that captures at checkout and a card that only authorises, next to
              // the default pay-later one
              [
                { resolve: path.join(__dirname, "integration-tests/fixtures/auto-capture-payment"), id: "autocapture" },
                { resolve: path.join(__dirname, "integration-tests/fixtures/card-payment"), id: "card" },
              ]
            : [],
      },
    },
    {
      resolve: "@medusajs/medusa/notification",
      options: {
        providers: [
          {
            resolve: "./src/providers/smtp",
            id: "dunning-smtp",
            options: {
              channels: ["email"],
              from: process.env.DUNNING_MAIL_FROM || "Acme Wholesale Collections <collections@acme-wholesale.test>",
              ...(smtpPort
                ? { host: "127.0.0.1", port: smtpPort, secure: false, pool: true, maxConnections: 3, connectionTimeout: 2000, greetingTimeout: 2000, socketTimeout: 5000 }
                : { outboxDir: process.env.DUNNING_OUTBOX_DIR || path.join(__dirname, ".cache", "outbox") }),
            },
          },
          {
            resolve: "./src/providers/webhook",
            id: "dunning-webhook",
            options: {
              channels: ["webhook"],
              url: process.env.DUNNING_WEBHOOK_URL || "http://127.0.0.1:4599/dunning",
              secret: process.env.DUNNING_WEBHOOK_SECRET || "test-secret-that-is-at-least-32-characters",
              timeoutMs: 3000,
              // the test receiver listens on this machine over plain http
              allowInsecureHttp: true,
            },
          },
        ],
      },
    },
    {
      resolve: "./src/modules/dunning",
      options: {
        defaultTermsDays: 30,
        allowTimeTravel: process.env.DUNNING_ALLOW_TIME_TRAVEL !== "false",
        // the HTTP suite turns the timers off: a tick at the wall clock must not race a test that travels in time
        scheduledJobs: process.env.DUNNING_SCHEDULED_JOBS !== "false",
        paymentUrlTemplate: "https://shop.example/pay/{{receivable.id}}",
        payAllUrlTemplate: "https://shop.example/account/invoices?customer={{customer.id}}",
        // the store's language: English unless a test host speaks another
        defaultLanguage: process.env.DUNNING_DEFAULT_LANGUAGE || "en",
        // the customer's collection page, on when a test host (or the browser suite) gives it a secret
        ...(process.env.DUNNING_SELF_SERVICE_SECRET
          ? {
              selfService: {
                secret: process.env.DUNNING_SELF_SERVICE_SECRET,
                paymentProviders: ["pp_system_default"],
                rateLimit: {
                  perLink: Number(process.env.DUNNING_SELF_SERVICE_PER_LINK || 60),
                  perAddress: Number(process.env.DUNNING_SELF_SERVICE_PER_ADDRESS || 300),
                },
              },
            }
          : {}),
        // the documents' logo, when a test host gives one
        ...(process.env.DUNNING_DOCUMENTS_LOGO ? { documents: { logo: process.env.DUNNING_DOCUMENTS_LOGO } } : {}),
        delivery: {
          afterRun: process.env.DUNNING_DELIVER_AFTER_RUN === "true",
          maxAttempts: Number(process.env.DUNNING_DELIVERY_MAX_ATTEMPTS || 8),
          fallbackToCustomerEmail: process.env.DUNNING_FALLBACK_TO_CUSTOMER_EMAIL === "true",
        },
        // what a credit hold stops: a merchant's defaults unless a test host widens them
        creditHold: {
          enforce: process.env.DUNNING_CREDIT_HOLD_ENFORCE !== "false",
          blockAllOrders: process.env.DUNNING_CREDIT_HOLD_BLOCK_ALL === "true",
        },
        // a merchant's defaults unless a test host widens them
        terms: {
          customers: process.env.DUNNING_TERMS_CUSTOMERS === "all" ? ("all" as const) : ("with_terms" as const),
          startAt: (process.env.DUNNING_TERMS_START_AT as "order" | "shipment" | "delivery" | undefined) || "order",
        },
      },
    },
  ],
})
