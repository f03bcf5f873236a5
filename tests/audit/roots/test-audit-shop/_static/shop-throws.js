/* A broken script: the audit must report it and go on. */
throw new Error("shop-throws: the basket widget is broken");
