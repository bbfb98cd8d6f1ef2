// Types of workspace-image.mjs, for the server (TypeScript) that imports it.
export declare const CONTAINERFILE: string;
export declare function hostCaFiles(dir?: string): string[];
export declare function workspaceImage(containerfile?: string, caFiles?: readonly string[]): string;
