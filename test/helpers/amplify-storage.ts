/**
 * Where Amplify v6 keeps its tokens in a test (in a browser, localStorage): a Map behind the
 * KeyValueStorageInterface that `cognitoUserPoolsTokenProvider.setKeyValueStorage` takes, so a
 * test can also read what Amplify stored.
 */
export function memoryTokenStorage() {
  const storage = new Map<string, string>();
  const tokenStorage = {
    setItem: async (key: string, value: string) => { storage.set(key, value); },
    getItem: async (key: string) => storage.get(key) ?? null,
    removeItem: async (key: string) => { storage.delete(key); },
    clear: async () => { storage.clear(); },
  };
  return { storage, tokenStorage };
}
