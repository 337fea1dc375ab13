// Each test file boots its own Medusa app or module; MikroORM's metadata registry is global, so it is
// cleared between files to keep entities of one boot from leaking into the next.
const { MetadataStorage } = require("@medusajs/framework/mikro-orm/core")
MetadataStorage.clear()
