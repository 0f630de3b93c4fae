/** The IPC channel the preload's transport and the main process's relay share. */
export const API_IPC_CHANNEL = 'movie-assistant:api';
